"""Writes src/test/resources/tokenizer/multilingual.txt: the text the tokenizer parity tests encode
with our tokenizer and with the Hugging Face library. Hand-written lines per language plus unusual
Unicode written as escapes (so this script stays readable). Run from gpu-runtime/:
python3 src/test/python/tokenizer/make_corpus.py"""

LINES = [
    # English prose
    "The quick brown fox jumps over the lazy dog. It's what we'll do, isn't it? They've said they'd come.",
    "In 2024, the company's revenue grew 17.5% to $1,234,567 (up from $987,654 in 2023).",
    "Tokenizers split text into pieces; a model never sees characters, only the ids of those pieces.",
    "HELLO World!!! Don't SHOUT... ok? e.g. i.e. Mr. Smith's dog's bone.",
    # source code
    "def encode(self, text: str) -> list[int]:",
    "    return [self.vocab.get(t, self.unk_id) for t in text.split()]  # TODO: BPE",
    "for (int i = 0; i < n; i++) { sum += a[i] * b[i]; }",
    "\tif err != nil {\n\t\treturn nil, fmt.Errorf(\"open %s: %w\", path, err)\n\t}",
    "SELECT id, name FROM users WHERE created_at >= '2024-01-01' AND email LIKE '%@example.com';",
    "const x = {a: 1, b: [2, 3], 'c-d': null}; x?.a ?? 0 === 1 && !!x || x >>= 2;",
    # German
    "Die Würde des Menschen ist unantastbar. Sie zu achten und zu schützen ist Verpflichtung aller staatlichen Gewalt.",
    "Größenverhältnisse, Straßenbahnhaltestelle, Donaudampfschifffahrtsgesellschaftskapitän — äöüß ÄÖÜẞ.",
    # Hindi
    "भारत एक विशाल देश है। यहाँ अनेक भाषाएँ बोली जाती हैं, और हर भाषा की अपनी लिपि और संस्कृति है।",
    "कंपनी का राजस्व पिछले वर्ष १७ प्रतिशत बढ़ा। क्या आप हिन्दी में बात कर सकते हैं?",
    # Chinese
    "自然语言处理是人工智能的一个重要分支，它研究如何让计算机理解和生成人类语言。",
    "我们公司去年的收入增长了百分之十七，达到一千二百三十四万元。你好，世界！",
    # Arabic
    "اللغة العربية هي إحدى أكثر اللغات انتشاراً في العالم، ويتحدثها أكثر من أربعمائة مليون شخص.",
    "مرحبا بالعالم! هل تتحدث العربية؟ ١٢٣٤٥٦٧٨٩٠",
    # Japanese, Korean, Russian, Greek, Thai
    "日本語のテキストも含めます。ひらがな、カタカナ、漢字。",
    "한국어 문장도 포함합니다. 안녕하세요, 세계!",
    "Съешь же ещё этих мягких французских булок, да выпей чаю.",
    "Ξεσκεπάζω την ψυχοφθόρα βδελυγμία. Καλημέρα κόσμε!",
    "ภาษาไทยไม่มีช่องว่างระหว่างคำ",
    # emoji, including ZWJ sequences, flags, skin tones, keycaps
    "Emoji: 😀 😂 👍🏽 👨‍👩‍👧‍👦 🏳️‍🌈 🇩🇪🇮🇳 1️⃣ ❤️ 🔥🔥🔥 🧑🏾‍💻",
    # whitespace runs
    "  leading spaces, trailing spaces   ",
    "tabs\t\tand\t \tmixed   \t  whitespace",
    "several\n\n\nnewlines\r\nand CRLF\r\n",
    "                                        forty spaces before this",
    # unusual Unicode: NBSP, ideographic space, zero-width chars, bidi marks, combining marks,
    # BOM, replacement char, private use, noncharacters, line/paragraph separators, NEL,
    # supplementary planes (math alphanumerics, CJK extension B), Devanagari with nukta.
    "nbsp\u00a0here\u3000ideographic\u2009thin\u200bzero\u200cwidth\u200djoiner",
    "bidi \u200fRTL\u200e LTR \u202aembed\u202c; combining e\u0301 a\u0308 n\u0303 \u0041\u030a\u0323",
    "\ufeffBOM at start, replacement \ufffd, private use \ue000\uf8ff, nonchars \ufdd0\uffff",
    "separators\u2028line\u2029para\u0085nel\u000bvt\u000cff",
    "math \U0001d400\U0001d401 \U0001d7d8 cjk-b \U00020000\U0002a6d6 old \U00010330",
    "nukta \u0915\u093c \u095b; virama \u0915\u094d\u0937; zwj \u0915\u094d\u200d\u0937",
    "control \u0001\u0002\u001f\u007f c1 \u0080\u009f",
    "'s 're 'VE 'Ll 'D ' s'",
    "12345678901234567890 3.14159 1e-10 0x1F 1,000,000",
    "<|endoftext|> is special, <|im_start|>user and <|im_end|> too; <s> and </s> as well.",
    "mixed: Hello世界مرحباनमस्ते😀123abc",
]

if __name__ == "__main__":
    with open("src/test/resources/tokenizer/multilingual.txt", "w", encoding="utf-8", newline="") as f:
        for line in LINES:
            f.write(line + "\n")
