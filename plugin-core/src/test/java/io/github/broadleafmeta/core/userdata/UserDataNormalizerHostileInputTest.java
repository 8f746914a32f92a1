package io.github.broadleafmeta.core.userdata;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.event.UserData;
import io.github.broadleafmeta.core.event.UserDataField;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Generated garbage per field: the normalizer never throws, emits only digests, and names a reason per drop. */
class UserDataNormalizerHostileInputTest {

    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");
    private static final String[] SEEDS = {
            "john@example.com", "(650) 555-1212", "Valéry", "New York", "California", "94025-1234", "United States",
            "1997-02-16", "female", "cust-42", "'; DROP TABLE customer; --", "<script>alert(1)</script>",
            "\" OR 1=1 --", "${jndi:ldap://x/a}", "😀😀😀", "مرحبا بالعالم", "\u202eevil\u202c", "שָׁלוֹם",
            "Zalgo: Z\u0351\u0353\u0300A\u0300L\u0344G\u0354O", "\u0000", "a\u0000b", "\ud83d", "\udc00x",
            "@@@", "a@b", "+", "00", "0", "-", "../../etc/passwd", "%00%0a", "\\u0000", "null", "undefined",
            "ＪＯＨＮ＠ＥＸＡＭＰＬＥ．ＣＯＭ", "İstanbul", "ß", "ǅemal", "\u00a0\u00a0", "fb.1.1596403881668.1",
    };

    private final UserDataNormalizer normalizer = new UserDataNormalizer(NormalizerConfig.ofDefaults());

    @Test
    void shouldNeverThrowAndOnlyEmitDigestsWhenInputIsHostile() {
        Random random = new Random(20240615L);
        Map<UserDataField, Integer> generated = new EnumMap<>(UserDataField.class);
        Map<DropReason, Integer> reasons = new EnumMap<>(DropReason.class);
        int kept = 0;
        for (UserDataField field : UserDataField.values()) {
            List<String> values = hostileValues(random, 250);
            generated.put(field, values.size());
            for (String v : values) {
                NormalizationResult r = normalizer.normalize(customerWith(field, v));
                UserData ud = r.userData();
                for (List<String> digests : ud.hashed().values()) {
                    for (String d : digests) {
                        assertThat(d).matches(DIGEST);
                    }
                }
                assertThat(ud.hashed().keySet()).allMatch(f -> f == field);
                assertThat(r.dropped().size()).isLessThanOrEqualTo(1);
                for (DroppedField dropped : r.dropped()) {
                    assertThat(dropped.field()).isEqualTo(field);
                    reasons.merge(dropped.reason(), 1, Integer::sum);
                }
                kept += ud.has(field) ? 1 : 0;

                // The per-field API agrees with the whole-customer API.
                String hash = normalizer.hash(field, v, null);
                if (field != UserDataField.PHONE && field != UserDataField.STATE && field != UserDataField.ZIP) {
                    assertThat(hash == null ? List.of() : List.of(hash)).isEqualTo(ud.hashed(field));
                }
                // Nothing that normalizes to empty is ever hashed.
                assertThat(hash).isNotEqualTo(Sha256.hex(""));
            }
        }
        assertThat(generated.values()).allMatch(n -> n >= 200);
        assertThat(reasons).containsKeys(DropReason.TOO_LONG, DropReason.CONTROL_CHARACTERS,
                DropReason.MALFORMED_UNICODE, DropReason.INVALID_EMAIL, DropReason.INVALID_PHONE,
                DropReason.INVALID_DATE, DropReason.INVALID_GENDER, DropReason.UNKNOWN_COUNTRY,
                DropReason.INVALID_ZIP, DropReason.EMPTY_AFTER_NORMALIZATION);
        assertThat(kept).isPositive();
    }

    @Test
    void shouldHashNfcAndNfdEquallyForEveryTextField() {
        String[] samples = {"Valéry", "Zoë", "Ångström", "São Paulo", "Müller", "Ñandú", "Crème Brûlée", "Łódź"};
        UserDataField[] fields = {UserDataField.FIRST_NAME, UserDataField.LAST_NAME, UserDataField.CITY,
                UserDataField.EXTERNAL_ID};
        for (String s : samples) {
            String nfc = Normalizer.normalize(s, Normalizer.Form.NFC);
            String nfd = Normalizer.normalize(s, Normalizer.Form.NFD);
            assertThat(nfd).isNotEqualTo(nfc);
            for (UserDataField f : fields) {
                assertThat(normalizer.hash(f, nfd, null)).as(f + " " + s).isEqualTo(normalizer.hash(f, nfc, null))
                        .isNotNull();
            }
        }
    }

    @Test
    void shouldDropHugeValuesQuicklyWhenTenKilobytes() {
        String big = "a".repeat(10_240);
        long start = System.nanoTime();
        for (UserDataField f : UserDataField.values()) {
            NormalizationResult r = normalizer.normalize(customerWith(f, big));
            assertThat(r.dropped()).extracting(DroppedField::reason).containsExactly(DropReason.TOO_LONG);
        }
        assertThat(System.nanoTime() - start).isLessThan(500_000_000L);
    }

    private static CustomerInfo customerWith(UserDataField field, String v) {
        CustomerInfo.Builder b = CustomerInfo.builder();
        switch (field) {
            case EMAIL: return b.email(v).build();
            case PHONE: return b.phone(v).build();
            case FIRST_NAME: return b.firstName(v).build();
            case LAST_NAME: return b.lastName(v).build();
            case GENDER: return b.gender(v).build();
            case DATE_OF_BIRTH: return b.dateOfBirth(v).build();
            case CITY: return b.city(v).build();
            case STATE: return b.state(v).build();
            case ZIP: return b.zip(v).build();
            case COUNTRY: return b.country(v).build();
            case EXTERNAL_ID: return b.externalId(v).build();
            default: throw new AssertionError(field);
        }
    }

    private static List<String> hostileValues(Random random, int count) {
        List<String> out = new ArrayList<>();
        for (String s : SEEDS) {
            out.add(s);
        }
        out.add("x".repeat(10_240));
        out.add(" " + "é".repeat(600));
        while (out.size() < count) {
            int kind = random.nextInt(7);
            StringBuilder sb = new StringBuilder();
            int len = 1 + random.nextInt(kind == 6 ? 900 : 40);
            for (int i = 0; i < len; i++) {
                switch (kind) {
                    case 0: sb.append((char) (32 + random.nextInt(95))); break;           // printable ASCII
                    case 1: sb.append((char) random.nextInt(0x10000)); break;             // any UTF-16 unit
                    case 2: sb.appendCodePoint(0x1F300 + random.nextInt(0x300)); break;   // emoji
                    case 3: sb.append((char) (0x0590 + random.nextInt(0x200))); break;    // Hebrew/Arabic (RTL)
                    case 4: sb.append(random.nextBoolean() ? 'a' : (char) (0x0300 + random.nextInt(0x70))); break;
                    case 5: sb.append(SEEDS[random.nextInt(SEEDS.length)]); break;
                    default: sb.append((char) ('0' + random.nextInt(10))); break;
                }
            }
            if (random.nextInt(10) == 0) {
                sb.insert(random.nextInt(sb.length() + 1), '\u0000');
            }
            out.add(sb.toString());
        }
        return out;
    }
}
