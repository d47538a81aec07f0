package ai.enclave.connectors.bench;

import ai.enclave.connectors.pipeline.PiiRedactor;
import java.util.SplittableRandom;

/**
 * Seeded text that looks like a company's mixed data to every pipeline stage: prose in nine languages
 * (five non-Latin scripts) from a vocabulary per language and a small sentence grammar, source code,
 * Markdown tables and lists, boilerplate header/footer lines, and the personal data and secrets a
 * {@code data bench} plants (e-mails, phones, Luhn-valid cards, mod-97 IBANs, IPs, SSNs, cloud keys,
 * passwords and private keys in config text). Not a language model: sentences are grammatical only in
 * shape, which is all that language identification, quality rules, dedup and BPE need to behave as on
 * real text. Same random state, same text.
 */
final class Texts {
    /** A prose language: ISO code, words (function words first, they are drawn more often), and how sentences end. */
    record Language(String code, String[] words, boolean spaced, String stop) {}

    static final Language EN = new Language(
            "en",
            words("the of and to in is that for with on as by at from this are be have which it not but their"
                    + " company report policy customer service data model training market product team quarter"
                    + " revenue growth budget office travel expense approval manager employee contract supplier"
                    + " delivery quality safety process system network security access review meeting schedule"
                    + " project release version support request ticket incident change window storage backup"
                    + " invoice payment account balance region sales target strategy research analysis result"
                    + " improve reduce deliver approve explain measure prepare share update plan risk decision"
                    + " weekly annual internal external important several new first clear current shared"),
            true,
            ".");
    static final Language DE = new Language(
            "de",
            words("der die das und zu den von mit ist nicht sich auf für ein eine dem auch es an werden aus er hat"
                    + " Unternehmen Bericht Kunde Abteilung Vertrag Lieferant Rechnung Zahlung Mitarbeiter"
                    + " Sicherheit Qualität Prozess Projekt Sitzung Termin Anfrage Freigabe Änderung Ergebnis"
                    + " Umsatz Wachstum Strategie Planung Entscheidung Schulung Datenschutz Verfahren Anlage"
                    + " prüfen liefern erstellen verbessern genehmigen erklären vorbereiten aktualisieren"
                    + " wöchentlich jährlich intern wichtig neue erste klare aktuelle gemeinsame zuständig"),
            true,
            ".");
    static final Language FR = new Language(
            "fr",
            words("le la les de des et à un une du en que qui dans pour pas sur au avec est sont ce nous vous"
                    + " entreprise rapport client service contrat fournisseur facture paiement employé sécurité"
                    + " qualité processus projet réunion demande approbation changement résultat croissance"
                    + " stratégie budget décision formation équipe bureau marché produit livraison analyse"
                    + " vérifier livrer préparer améliorer approuver expliquer partager mettre jour"
                    + " hebdomadaire annuel interne important nouvelle première claire actuelle commune"),
            true,
            ".");
    static final Language ES = new Language(
            "es",
            words("el la los las de del y en que un una por con para es son se no al lo como su más pero nuestra"
                    + " empresa informe cliente servicio contrato proveedor factura pago empleado seguridad"
                    + " calidad proceso proyecto reunión solicitud aprobación cambio resultado crecimiento"
                    + " estrategia presupuesto decisión formación equipo oficina mercado producto entrega"
                    + " revisar entregar preparar mejorar aprobar explicar compartir actualizar medir"
                    + " semanal anual interno importante nueva primera clara actual común responsable"),
            true,
            ".");
    static final Language RU = new Language(
            "ru",
            words("и в не на что с по для как это из от мы вы они его её был была будет также или но"
                    + " компания отчёт клиент сервис договор поставщик счёт платёж сотрудник безопасность"
                    + " качество процесс проект совещание запрос согласование изменение результат рост"
                    + " стратегия бюджет решение обучение команда офис рынок продукт доставка анализ"
                    + " проверить доставить подготовить улучшить утвердить объяснить обновить измерить"
                    + " еженедельный годовой внутренний важный новый первый ясный текущий общий"),
            true,
            ".");
    static final Language AR = new Language(
            "ar",
            words("في من على إلى أن هذا هذه التي الذي مع عن كان كانت هو هي لا ما قد كل بين بعد"
                    + " الشركة التقرير العميل الخدمة العقد المورد الفاتورة الدفع الموظف الأمن الجودة"
                    + " العملية المشروع الاجتماع الطلب الموافقة التغيير النتيجة النمو الاستراتيجية"
                    + " الميزانية القرار التدريب الفريق المكتب السوق المنتج التسليم التحليل"
                    + " مراجعة تسليم إعداد تحسين اعتماد شرح تحديث قياس أسبوعي سنوي داخلي مهم جديد"),
            true,
            ".");
    static final Language HI = new Language(
            "hi",
            words("और का की के में है हैं से को पर यह वह भी नहीं एक लिए था थी होगा कि जो"
                    + " कंपनी रिपोर्ट ग्राहक सेवा अनुबंध आपूर्तिकर्ता चालान भुगतान कर्मचारी सुरक्षा गुणवत्ता"
                    + " प्रक्रिया परियोजना बैठक अनुरोध स्वीकृति परिवर्तन परिणाम विकास रणनीति बजट निर्णय"
                    + " प्रशिक्षण टीम कार्यालय बाज़ार उत्पाद वितरण विश्लेषण समीक्षा तैयार सुधार साप्ताहिक"
                    + " वार्षिक आंतरिक महत्वपूर्ण नया पहला स्पष्ट वर्तमान"),
            true,
            "।");
    static final Language ZH = new Language(
            "zh",
            words("的 是 在 和 了 有 我们 这 个 对 与 为 也 将 不 就 都 而 及 或"
                    + " 公司 报告 客户 服务 合同 供应商 发票 付款 员工 安全 质量 流程 项目 会议 请求 审批"
                    + " 变更 结果 增长 战略 预算 决定 培训 团队 办公室 市场 产品 交付 分析 数据 系统"
                    + " 检查 准备 改进 批准 说明 更新 衡量 每周 年度 内部 重要 新的 第一 当前"),
            false,
            "。");
    static final Language JA = new Language(
            "ja",
            words("の に は を た が で て と し れ さ ある いる も する から な こと として"
                    + " 会社 報告書 顧客 サービス 契約 仕入先 請求書 支払い 社員 セキュリティ 品質 プロセス"
                    + " プロジェクト 会議 依頼 承認 変更 結果 成長 戦略 予算 決定 研修 チーム 事務所 市場"
                    + " 製品 納品 分析 データ システム 確認 準備 改善 説明 更新 毎週 年次 社内 重要 新しい"),
            false,
            "。");

    /** Share of prose documents per language (weights out of 100). */
    static final Language[] LANGUAGES = {EN, DE, FR, ES, RU, AR, HI, ZH, JA};

    static final int[] LANGUAGE_WEIGHTS = {52, 11, 9, 7, 7, 4, 3, 4, 3};

    /** Lines a company puts on every page; repeated across many documents, so the boilerplate stage cuts them. */
    static final String[] BOILERPLATE = {
        "ACME Corp. Confidential - internal use only - do not forward outside the company",
        "Printed copies of this document are uncontrolled; check the intranet for the current version",
        "© 2025 ACME Corporation. All rights reserved. Registered office: 1 Harbour Road, Springfield",
        "This e-mail and any attachments are intended solely for the addressee named above",
        "Home | Products | Services | About us | Careers | Contact | Privacy policy | Imprint",
        "Vertraulich - nur für den internen Gebrauch - Weitergabe an Dritte nicht gestattet",
        "Document owner: Quality Management Office - review cycle: every twelve months",
        "Sent from the ACME mobile workplace - please excuse typing mistakes and brevity",
    };

    private static final String[] CODE_NAMES = words("order invoice customer ticket report user account payment"
            + " shipment item stock price total count limit index buffer cache queue record entry event");

    private Texts() {}

    static String[] words(String s) {
        return s.split(" ");
    }

    static Language language(SplittableRandom r) {
        int x = r.nextInt(100);
        for (int i = 0; i < LANGUAGES.length; i++) {
            x -= LANGUAGE_WEIGHTS[i];
            if (x < 0) return LANGUAGES[i];
        }
        return EN;
    }

    /** A sentence of 7 to 20 words: function words (the first 20 of a vocabulary) half the time, like real text. */
    static void sentence(StringBuilder sb, SplittableRandom r, Language l) {
        int n = 7 + r.nextInt(14);
        for (int i = 0; i < n; i++) {
            String w = r.nextBoolean() ? l.words[r.nextInt(20)] : l.words[20 + r.nextInt(l.words.length - 20)];
            if (i == 0 && l.spaced && Character.isLowerCase(w.charAt(0)))
                w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
            sb.append(w);
            if (i == n - 1) sb.append(l.stop);
            else if (i > 2 && i < n - 2 && r.nextInt(9) == 0) sb.append(l.spaced ? ", " : "、");
            else if (l.spaced) sb.append(' ');
        }
    }

    /** Paragraphs of 3 to 7 sentences, one per line, blank lines between. */
    static void prose(StringBuilder sb, SplittableRandom r, Language l, int paragraphs) {
        for (int p = 0; p < paragraphs; p++) {
            if (p > 0) sb.append("\n\n");
            int sentences = 3 + r.nextInt(5);
            for (int s = 0; s < sentences; s++) {
                if (s > 0) sb.append(l.spaced ? " " : "");
                sentence(sb, r, l);
            }
        }
    }

    /** A Markdown table of figures with a sentence before and after, or a bulleted list. */
    static void tableOrList(StringBuilder sb, SplittableRandom r) {
        sentence(sb, r, EN);
        sb.append("\n\n");
        if (r.nextBoolean()) {
            sb.append("| Region | Quarter | Revenue | Growth |\n|---|---|---|---|\n");
            String[] regions = {"North", "South", "East", "West", "Central"};
            for (int i = 0, n = 4 + r.nextInt(12); i < n; i++) {
                sb.append("| ")
                        .append(regions[r.nextInt(regions.length)])
                        .append(" | Q")
                        .append(1 + r.nextInt(4))
                        .append(" | ")
                        .append(1000 + r.nextInt(90000))
                        .append(" | ")
                        .append(r.nextInt(40))
                        .append("% |\n");
            }
        } else {
            for (int i = 0, n = 4 + r.nextInt(10); i < n; i++) {
                sb.append("- ");
                sentence(sb, r, EN);
                sb.append('\n');
            }
        }
        sb.append('\n');
        prose(sb, r, EN, 1 + r.nextInt(2));
    }

    /** Python or Java source with functions, loops and comments. */
    static void code(StringBuilder sb, SplittableRandom r, boolean python) {
        for (int f = 0, n = 3 + r.nextInt(8); f < n; f++) {
            String a = CODE_NAMES[r.nextInt(CODE_NAMES.length)], b = CODE_NAMES[r.nextInt(CODE_NAMES.length)];
            int limit = 2 + r.nextInt(500);
            if (python) {
                sb.append("def ")
                        .append(a)
                        .append('_')
                        .append(b)
                        .append("(items, limit=")
                        .append(limit);
                sb.append("):\n    \"\"\"Returns the ")
                        .append(b)
                        .append(" of each ")
                        .append(a)
                        .append(".\"\"\"\n");
                sb.append("    result = []\n    for ").append(a).append(" in items[:limit]:\n");
                sb.append("        if ").append(a).append('.').append(b).append(" is not None:\n");
                sb.append("            result.append(")
                        .append(a)
                        .append('.')
                        .append(b)
                        .append(")\n");
                sb.append("    return result\n\n\n");
            } else {
                sb.append("    /** Sums the ")
                        .append(b)
                        .append(" of every ")
                        .append(a)
                        .append(". */\n");
                sb.append("    static long ").append(a).append(Character.toUpperCase(b.charAt(0)));
                sb.append(b.substring(1)).append("(List<Item> items) {\n        long total = 0;\n");
                sb.append("        for (int i = 0; i < Math.min(items.size(), ")
                        .append(limit)
                        .append("); i++) {\n");
                sb.append("            total += items.get(i).").append(b).append("();\n        }\n");
                sb.append("        return total;\n    }\n\n");
            }
        }
    }

    // ---- planted personal data; every value is new (random), so finding it in the output is unambiguous

    static String email(SplittableRandom r) {
        String[] first = {"anna", "james", "li.wei", "maria", "omar", "sven", "yuki", "priya", "tom", "elena"};
        String[] domains = {"acme.example.com", "mail.example.org", "corp.example.net", "example.de"};
        return first[r.nextInt(first.length)] + "." + letters(r, 5) + r.nextInt(1000) + "@"
                + domains[r.nextInt(domains.length)];
    }

    static String phone(SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> "+49 " + (30 + r.nextInt(60)) + " " + digits(r, 4) + " " + digits(r, 4);
            case 1 -> "(" + (200 + r.nextInt(700)) + ") " + (200 + r.nextInt(700)) + "-" + digits(r, 4);
            default -> "+44 20 " + digits(r, 4) + " " + digits(r, 4);
        };
    }

    /** A Visa or Mastercard number with a valid Luhn check digit, in groups of four. */
    static String card(SplittableRandom r) {
        StringBuilder d = new StringBuilder(r.nextBoolean() ? "4" : "5" + (1 + r.nextInt(5)));
        while (d.length() < 15) d.append(r.nextInt(10));
        for (int check = 0; check < 10; check++) {
            if (PiiRedactor.luhn(d.toString() + check)) {
                d.append(check);
                break;
            }
        }
        String s = d.toString();
        return s.substring(0, 4) + " " + s.substring(4, 8) + " " + s.substring(8, 12) + " " + s.substring(12);
    }

    /** A German IBAN (DE, 18 digits of bank code and account) with valid ISO 13616 check digits. */
    static String iban(SplittableRandom r) {
        String bban = digits(r, 18);
        // check digits: 98 - (bban + "DE00" as numbers) mod 97; D=13, E=14
        int mod = 0;
        for (char c : (bban + "131400").toCharArray()) mod = (mod * 10 + (c - '0')) % 97;
        int check = 98 - mod;
        String iban = "DE" + (check < 10 ? "0" : "") + check + bban;
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < iban.length(); i += 4) {
            if (i > 0) grouped.append(' ');
            grouped.append(iban, i, Math.min(iban.length(), i + 4));
        }
        return grouped.toString();
    }

    static String ipv4(SplittableRandom r) {
        return (10 + r.nextInt(200)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    /** A US social security number outside the never-issued ranges (000, 666, 9xx; 00 group; 0000 serial). */
    static String ssn(SplittableRandom r) {
        int area = 1 + r.nextInt(665);
        return String.format("%03d-%02d-%04d", area, 1 + r.nextInt(99), 1 + r.nextInt(9999));
    }

    static String awsKey(SplittableRandom r) {
        return "AKIA" + upperAlnum(r, 16);
    }

    static String githubToken(SplittableRandom r) {
        return "ghp_" + alnum(r, 36);
    }

    /** A generic API key value (letters and digits) for an {@code api_key = ...} line. */
    static String apiKeyValue(SplittableRandom r) {
        return alnum(r, 24) + r.nextInt(10);
    }

    static String password(SplittableRandom r) {
        return letters(r, 4) + "#" + digits(r, 3) + upperAlnum(r, 4) + "!";
    }

    /** The body line planted (and checked for) is the first of the PEM block's base64 lines. */
    static String privateKeyBody(SplittableRandom r) {
        StringBuilder sb = new StringBuilder("MII");
        String b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        while (sb.length() < 64) sb.append(b64.charAt(r.nextInt(64)));
        return sb.toString();
    }

    private static String digits(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append((char) ('0' + r.nextInt(10)));
        return sb.toString();
    }

    private static String letters(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append((char) ('a' + r.nextInt(26)));
        return sb.toString();
    }

    private static String upperAlnum(SplittableRandom r, int n) {
        String s = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append(s.charAt(r.nextInt(s.length())));
        return sb.toString();
    }

    private static String alnum(SplittableRandom r, int n) {
        String s = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(n);
        sb.append((char) ('a' + r.nextInt(26))).append((char) ('0' + r.nextInt(10)));
        for (int i = 2; i < n; i++) sb.append(s.charAt(r.nextInt(s.length())));
        return sb.toString();
    }
}
