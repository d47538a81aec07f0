#!/usr/bin/env bash
# Builds the multilingual benchmark corpus for TokenizerBench from text already on a Debian machine:
# translated UI messages (gettext catalogs) per language and Python's standard library as code.
# Every fifth line goes to the held-out file. Catalogs in legacy encodings (some de and ja ones) are
# converted to UTF-8 first: left as they are, grep stops at their first non-UTF-8 byte and silently
# drops the rest of the language. Needs: apt-get install -y gettext.
# Usage: make_bench_corpus.sh OUT_DIR
set -euo pipefail
out=${1:?usage: make_bench_corpus.sh OUT_DIR}
mkdir -p "$out"
for lang in de hi zh_CN ar ru ja; do
  for mo in /usr/share/locale/$lang/LC_MESSAGES/*.mo; do msgunfmt "$mo" 2>/dev/null | msgconv -t UTF-8 2>/dev/null || true; done \
    | grep '^msgstr' | sed -e 's/^msgstr\(\[[0-9]*\]\)\? "//' -e 's/"$//' -e 's/\\n/\n/g' -e 's/\\"/"/g' \
    | grep -v '^\s*$' > "$out/$lang.all"
done
# English: the msgids of one catalog family (the source strings)
for mo in /usr/share/locale/de/LC_MESSAGES/*.mo; do msgunfmt "$mo" 2>/dev/null | msgconv -t UTF-8 2>/dev/null || true; done \
  | grep '^msgid' | sed -e 's/^msgid "//' -e 's/"$//' -e 's/\\n/\n/g' | grep -v '^\s*$' > "$out/en.all"
find /usr/lib/python3*/ -maxdepth 1 -name '*.py' | sort | head -150 | xargs cat > "$out/code.all"
for f in "$out"/*.all; do
  base=${f%.all}
  awk 'NR % 5 != 0' "$f" > "$base.train.txt"
  awk 'NR % 5 == 0' "$f" > "$base.heldout.txt"
  rm "$f"
done
wc -c "$out"/*.txt
