package ai.enclave.connectors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.testing.Prose;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PiiRedactorTest {
    private static String redact(String text, Map<String, Integer> counts) {
        return PiiRedactor.redact(text, counts);
    }

    @Test
    void each_kind_of_personal_data_becomes_its_typed_placeholder() {
        Map<String, Integer> counts = new TreeMap<>();
        String text = """
                Mail jane.doe+hr@corp.example.co.uk or call +49 30 1234 5678 or (555) 123-4567.
                Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, SSN 078-05-1120.
                Hosts 192.168.10.20 and 2001:db8:85a3::8a2e:370:7334 answered.
                aws_key = AKIAIOSFODNN7EXAMPLE and token ghp_abcdefghijklmnopqrstuvwxyz0123456789
                api_key: "Zx9f8Kq2Lm4Np6Rt8Vw0Yb"
                password=hunter2
                -----BEGIN RSA PRIVATE KEY-----
                MIIEowIBAAKCAQEA7b1xYz
                -----END RSA PRIVATE KEY-----
                """;

        String out = redact(text, counts);

        assertThat(out).isEqualTo("""
                Mail [EMAIL] or call [PHONE] or [PHONE].
                Card [CREDIT_CARD], IBAN [IBAN], SSN [NATIONAL_ID].
                Hosts [IP_ADDRESS] and [IP_ADDRESS] answered.
                aws_key = [SECRET] and token [SECRET]
                api_key: "[SECRET]"
                password=[PASSWORD]
                [PRIVATE_KEY]
                """);
        assertThat(counts)
                .containsEntry("EMAIL", 1)
                .containsEntry("PHONE", 2)
                .containsEntry("CREDIT_CARD", 1)
                .containsEntry("IBAN", 1)
                .containsEntry("NATIONAL_ID", 1)
                .containsEntry("IP_ADDRESS", 2)
                .containsEntry("SECRET", 3)
                .containsEntry("PASSWORD", 1)
                .containsEntry("PRIVATE_KEY", 1);
    }

    @Test
    void numbers_that_fail_their_checksum_or_shape_are_left_alone() {
        String text = "Order 4111 1111 1111 1112 shipped on 2025-03-14, invoice DE89 3704 0044 0532 0130 01, "
                + "version 1.2.3 of std::vector, total 1 234 567 units at 10:30:45, build 999.1.2.3000.";
        Map<String, Integer> counts = new TreeMap<>();

        assertThat(redact(text, counts)).isEqualTo(text);
        assertThat(counts).isEmpty();
    }

    @Test
    void redaction_is_counted_in_the_stage_verdict() {
        Verdict v = new PiiRedactor().apply(new Document("d", "write to a@b.org and c@d.org", Map.of()));

        assertThat(v.document().text()).isEqualTo("write to [EMAIL] and [EMAIL]");
        assertThat(v.counts()).isEqualTo(Map.of("EMAIL", 2));
    }

    @Test
    void recall_on_a_planted_set_of_generated_items_is_complete() {
        Random r = new Random(11);
        List<String> planted = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            String item = switch (i % 6) {
                case 0 -> "user" + r.nextInt(100000) + "@mail" + r.nextInt(100) + ".example.com";
                case 1 -> card(r);
                case 2 -> "+44 20 " + (1000 + r.nextInt(9000)) + " " + (1000 + r.nextInt(9000));
                case 3 -> (10 + r.nextInt(200)) + "." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
                case 4 -> "AKIA" + randomUpper(r, 16);
                default -> (100 + r.nextInt(500)) + "-" + (10 + r.nextInt(89)) + "-" + (1000 + r.nextInt(8999));
            };
            planted.add(item);
            text.append(Prose.paragraph(r, 1)).append(' ').append(item).append(". ");
        }
        Map<String, Integer> counts = new TreeMap<>();

        String out = redact(text.toString(), counts);

        assertThat(planted).allSatisfy(item -> assertThat(out).doesNotContain(item));
        assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(200);
    }

    private static String card(Random r) {
        int[] d = new int[16];
        d[0] = 4;
        for (int i = 1; i < 15; i++) d[i] = r.nextInt(10);
        for (int check = 0; check < 10; check++) {
            d[15] = check;
            StringBuilder s = new StringBuilder();
            for (int x : d) s.append(x);
            if (PiiRedactor.luhn(s.toString())) return s.toString();
        }
        throw new AssertionError();
    }

    private static String randomUpper(Random r, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) s.append((char) ('A' + r.nextInt(26)));
        return s.toString();
    }
}
