package io.github.broadleafmeta.core.userdata;

import static io.github.broadleafmeta.core.event.UserDataField.CITY;
import static io.github.broadleafmeta.core.event.UserDataField.COUNTRY;
import static io.github.broadleafmeta.core.event.UserDataField.DATE_OF_BIRTH;
import static io.github.broadleafmeta.core.event.UserDataField.EMAIL;
import static io.github.broadleafmeta.core.event.UserDataField.EXTERNAL_ID;
import static io.github.broadleafmeta.core.event.UserDataField.FIRST_NAME;
import static io.github.broadleafmeta.core.event.UserDataField.GENDER;
import static io.github.broadleafmeta.core.event.UserDataField.LAST_NAME;
import static io.github.broadleafmeta.core.event.UserDataField.PHONE;
import static io.github.broadleafmeta.core.event.UserDataField.STATE;
import static io.github.broadleafmeta.core.event.UserDataField.ZIP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.broadleafmeta.core.event.UserData;
import io.github.broadleafmeta.core.event.UserDataField;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserDataNormalizerTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-15T12:00:00Z"), ZoneOffset.UTC);
    private final UserDataNormalizer us =
            new UserDataNormalizer(NormalizerConfig.builder().defaultCountry("US").clock(CLOCK).build());
    private final UserDataNormalizer gb =
            new UserDataNormalizer(NormalizerConfig.builder().defaultCountry("gb").clock(CLOCK).build());

    // ---- Meta's documentation examples ---------------------------------------------------------------------

    @Test
    void shouldHashMetaDocumentationExamplesToTheirPublishedDigests() {
        assertThat(us.hash(EMAIL, "John_Smith@gmail.com", null))
                .isEqualTo("62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f");
        assertThat(us.normalize(PHONE, "(650)555-1212", "US")).isEqualTo("16505551212");
        assertThat(us.hash(PHONE, "(650)555-1212", "US"))
                .isEqualTo("e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176");
        assertThat(us.hash(FIRST_NAME, "Valéry", null))
                .isEqualTo("08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c");
        assertThat(us.normalize(DATE_OF_BIRTH, "2/16/1997", null)).isEqualTo("19970216");
        assertThat(us.hash(DATE_OF_BIRTH, "2/16/1997", null))
                .isEqualTo("01acdbf6ec7b4f478a225f1a246e5d6767eeab1a7ffa17f025265b5b94f40f0c");
        assertThat(us.normalize(COUNTRY, "United States", null)).isEqualTo("us");
        assertThat(us.hash(COUNTRY, "United States", null))
                .isEqualTo("79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621");
        assertThat(us.normalize(CITY, "New York", null)).isEqualTo("newyork");
        assertThat(us.normalize(STATE, "California", null)).isEqualTo("ca");
        assertThat(us.normalize(ZIP, "94025-1234", null)).isEqualTo("94025");
        assertThat(us.normalize(ZIP, "M1 1AE", "GB")).isEqualTo("m11ae");
    }

    @Test
    void shouldMatchSha256HelperWhenHashingPlainText() {
        assertThat(Sha256.hex("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Sha256.hex("valéry")).isEqualTo("08e1996b5dd49e62a4b4c010d44e4345592a863bb9f8e3976219bac29417149c");
        assertThatThrownBy(() -> Sha256.hex((String) null)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---- common rules --------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\u00a0\u3000\t\n", "\u200b\ufeff"})
    void shouldTreatBlankAsAbsentWithoutADropReason(String raw) {
        NormalizationResult r = us.normalize(CustomerInfo.builder().email(raw).firstName(raw).city(raw)
                .externalId(raw).build());
        assertThat(r.userData().hashed()).isEmpty();
        assertThat(r.dropped()).isEmpty();
    }

    @Test
    void shouldTrimUnicodeWhitespaceWhenNormalizing() {
        assertThat(us.normalize(EMAIL, "\u00a0\u3000 John_Smith@Gmail.com\u2003\n", null))
                .isEqualTo("john_smith@gmail.com");
    }

    @Test
    void shouldPassThroughLowercasedWhenValueIsAlreadyHashed() {
        String upper = "62A14E44F765419D10FEA99367361A727C12365E2520F32218D505ED9AA0F62F";
        for (UserDataField f : UserDataField.values()) {
            assertThat(us.hash(f, " " + upper + " ", null)).as(f.key()).isEqualTo(upper.toLowerCase());
        }
    }

    @Test
    void shouldDropWithTooLongWhenValueExceedsCap() {
        NormalizationResult r = us.normalize(CustomerInfo.builder().email("a".repeat(600) + "@x.com").build());
        assertThat(r.userData().has(EMAIL)).isFalse();
        assertThat(r.dropped()).extracting(DroppedField::reason).containsExactly(DropReason.TOO_LONG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jo\u0000hn", "jo\nhn", "jo\thn", "jo\u0085hn", "jo\u007fhn"})
    void shouldDropWithControlCharactersWhenInsideValue(String raw) {
        NormalizationResult r = us.normalize(CustomerInfo.builder().firstName(raw).build());
        assertThat(r.userData().has(FIRST_NAME)).isFalse();
        assertThat(r.dropped()).containsExactly(DroppedField.of(FIRST_NAME, DropReason.CONTROL_CHARACTERS));
    }

    @Test
    void shouldDropWithMalformedUnicodeWhenSurrogateIsUnpaired() {
        NormalizationResult r = us.normalize(CustomerInfo.builder().lastName("ab\ud800cd").build());
        assertThat(r.dropped()).containsExactly(DroppedField.of(LAST_NAME, DropReason.MALFORMED_UNICODE));
    }

    @Test
    void shouldHashNfdAndNfcEquallyWhenTextHasCombiningMarks() {
        String nfd = "Vale\u0301ry";
        assertThat(us.hash(FIRST_NAME, nfd, null)).isEqualTo(us.hash(FIRST_NAME, "Valéry", null));
        assertThat(us.hash(CITY, "Mu\u0308nchen", null)).isEqualTo(us.hash(CITY, "München", null));
    }

    /**
     * Invisible and bidirectional format characters vanish and NFKC folds compatibility forms, before every field's
     * rule. Expected digests are SHA-256 of the expected normalized text, computed outside this code.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "EMAIL|john\\u202e@example.com|855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4",
            "EMAIL|\\ufeffjohn@exa\\u00admple.com|855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4",
            "EMAIL|jo\\u200bhn@example.com\\u2069|855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4",
            "EMAIL|\\uff4a\\uff4f\\uff48\\uff4e\\uff20\\uff45\\uff58\\uff41\\uff4d\\uff50\\uff4c\\uff45\\uff0e\\uff43\\uff4f\\uff4d"
                    + "|855f96e983f1f8e8be944692b6f719fd54329826cb62e98015efee8e2e071dd4",
            "FIRST_NAME|\\u202aJohn\\u202c|96d9632f363564cc3032521409cf22a852f2032eec099ed5967c0d000cec607a",
            "FIRST_NAME|Jo\\u00adhn|96d9632f363564cc3032521409cf22a852f2032eec099ed5967c0d000cec607a",
            "FIRST_NAME|Jo\\u200dh\\u200cn|96d9632f363564cc3032521409cf22a852f2032eec099ed5967c0d000cec607a",
            "FIRST_NAME|\\uff2a\\uff4f\\uff48\\uff4e|96d9632f363564cc3032521409cf22a852f2032eec099ed5967c0d000cec607a",
            "FIRST_NAME|Mary\\u00a0\\u2067Ann|343b97011010c3549fe7fcd6c226ed9431ea37b0b77ed78f6300a0098925faf1",
            "LAST_NAME|Sm\\u2066ith\\u2069|6627835f988e2c5e50533d491163072d3f4f41f5c8b04630150debb3722ca2dd",
            "LAST_NAME|\\ufb01nn|e0e2087b3efad83c23c899efb0059a16d9ee9d4ef51349c6066548b8d01f1ab8",
            "CITY|New\\u2028York|350c754ba4d38897693aa077ef43072a859d23f613443133fecbbd90a3512ca5",
            "CITY|She\\ufb03eld\\u2029|e5c7c23397fbfcdd546f17dae781f0c5b85069e9553f9d7e01cb1866e314f8a0",
            "PHONE|\\uff0b\\uff14\\uff14 \\uff17\\uff19\\uff11\\uff11 \\uff11\\uff12\\uff13\\uff14\\uff15\\uff16"
                    + "|40b5c38342a9c584ec707e8679b003f8c779c6aaa138c976ef94e049cc05208f",
            "PHONE|+44 7911\\u202d 123456|40b5c38342a9c584ec707e8679b003f8c779c6aaa138c976ef94e049cc05208f",
            "ZIP|\\uff19\\uff14\\uff10\\uff12\\uff15|b9a9cf3cd3723a2e91b7c23ecf68456e872b6e5d86e5cab7f3d45a7302da32c7",
            "ZIP|940\\u200b25|b9a9cf3cd3723a2e91b7c23ecf68456e872b6e5d86e5cab7f3d45a7302da32c7",
            "DATE_OF_BIRTH|\\uff11\\uff19\\uff19\\uff17-02-16|01acdbf6ec7b4f478a225f1a246e5d6767eeab1a7ffa17f025265b5b94f40f0c",
            "DATE_OF_BIRTH|1997-02\\u200e-16|01acdbf6ec7b4f478a225f1a246e5d6767eeab1a7ffa17f025265b5b94f40f0c",
            "COUNTRY|\\uff24\\uff25|959a45d44e6fcf58361ed004681556fe50129f2109e817dec098c00c9e5d2578",
            "STATE|\\uff23\\uff21|6959097001d10501ac7d54c0bdb8db61420f658f2922cc26e46d536119a31126",
            "EXTERNAL_ID|\\uff21\\uff22\\uff23-42|a32847fe9d93963745b599a9d656d9c0cd4f98377e17380438f9165d4792c134",
            "EXTERNAL_ID|cust\\u200b-4\\u202e2|8a3c5a67cad508582b5edf6b8352cea3ffbad7f44812c1a736b4444c0f5746aa",
    })
    void shouldHashToTheDocumentedDigestWhenValueHasFormatCharactersOrCompatibilityForms(UserDataField field,
            String escaped, String sha256) {
        String raw = unescape(escaped);
        assertThat(us.hash(field, raw, "US")).isEqualTo(sha256);
        NormalizationResult r = us.normalize(set(CustomerInfo.builder().country("US"), field, raw).build());
        assertThat(r.userData().hashed(field)).containsExactly(sha256);
        assertThat(r.dropped()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\\u202e\\u200d\\u00ad", "\\u2066\\u2069\\u2028"})
    void shouldTreatValueAsAbsentWhenItHoldsOnlyFormatCharacters(String escaped) {
        NormalizationResult r = us.normalize(CustomerInfo.builder().firstName(unescape(escaped))
                .email(unescape(escaped)).build());
        assertThat(r.userData().hashed()).isEmpty();
        assertThat(r.dropped()).isEmpty();
    }

    private static CustomerInfo.Builder set(CustomerInfo.Builder b, UserDataField field, String raw) {
        switch (field) {
            case EMAIL: return b.email(raw);
            case PHONE: return b.phone(raw);
            case FIRST_NAME: return b.firstName(raw);
            case LAST_NAME: return b.lastName(raw);
            case CITY: return b.city(raw);
            case STATE: return b.state(raw);
            case ZIP: return b.zip(raw);
            case DATE_OF_BIRTH: return b.dateOfBirth(raw);
            case COUNTRY: return b.country(raw);
            case EXTERNAL_ID: return b.externalId(raw);
            default: throw new IllegalArgumentException(field.name());
        }
    }

    /** CSV sources keep invisible characters as {@code \\uXXXX} so a reader sees them. */
    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\u", i)) {
                sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                sb.append(s.charAt(i));
            }
        }
        return sb.toString();
    }

    // ---- per-field tables ----------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "John_Smith@gmail.com|john_smith@gmail.com",
            "  Foo.Bar+tag@Example.CO.UK |foo.bar+tag@example.co.uk",
            "o'brien@example.ie|o'brien@example.ie",
            "ÉLODIE@exemple.fr|élodie@exemple.fr",
            "user@münchen.de|user@münchen.de",
            "no-at-sign.com|NULL",
            "two@@example.com|NULL",
            "a@b@example.com|NULL",
            "@example.com|NULL",
            "user@|NULL",
            "user@localhost|NULL",
            "user@example.|NULL",
            "user@.example.com|NULL",
            "user@exa..mple.com|NULL",
            "us er@example.com|NULL",
            "<user@example.com>|NULL",
            "user@example.com/path|NULL",
    })
    void shouldNormalizeEmail(String raw, String expected) {
        assertThat(us.normalize(EMAIL, raw, null)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "(650)555-1212|US|16505551212",
            "650.555.1212|NULL|16505551212",
            "1-650-555-1212|NULL|16505551212",
            "+1 (650) 555-1212|NULL|16505551212",
            "001 650 555 1212|NULL|16505551212",
            "011 44 7911 123456|US|447911123456",
            "650-555-1212 ext. 204|US|16505551212",
            "650 555 1212 x204|US|16505551212",
            "07911 123456|GB|447911123456",
            "07911 123456|United Kingdom|447911123456",
            "+44 (0)7911 123456|NULL|447911123456",
            "0044 (0) 20 7946 0018|NULL|442079460018",
            "447911123456|GB|447911123456",
            "030 123456789|DE|4930123456789",
            "06 12 34 56 78|FR|33612345678",
            "06 1234 5678|IT|390612345678",
            "612 345 678|ES|34612345678",
            "8 916 123-45-67|RU|79161234567",
            "06 1 234 5678|HU|3612345678",
            "0412 345 678|AU|61412345678",
            "090-1234-5678|JP|819012345678",
            "(11) 91234-5678|BR|5511912345678",
            "０９０１２３４５６７８|JP|819012345678",
            "555-1212|US|NULL",
            "123-456-7890|US|NULL",
            "12345678901234567|NULL|NULL",
            "+1 23|NULL|NULL",
            "+0 650 555 1212|NULL|NULL",
            "0 1234 5678|XX|NULL",
            "1-800-FLOWERS|US|18003569377",
            "call me maybe|US|NULL",
    })
    void shouldNormalizePhone(String raw, String country, String expected) {
        assertThat(us.normalize(PHONE, raw, country)).isEqualTo(expected);
    }

    /** Hashes computed outside this code (sha256 of the E.164 digits); the GB store's code must never leak in. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "77 123 45 67|SN|221771234567|f372235c97b8afbf07846fb90c389b1cd9232f2d2317f406956f24e99547a505",
            "07911 123456|GB|447911123456|40b5c38342a9c584ec707e8679b003f8c779c6aaa138c976ef94e049cc05208f",
            "06 12 34 56 78|FR|33612345678|8a3e7886c9335e82e02299fa3e87b46e2de3b0c63d56003e30a5029394a47661",
            "0412 345 678|AU|61412345678|222e24d90b23ba2af558a2891bfa399f19a7eb9f33df34a7d6809b97c5a97246",
            "(650)555-1212|US|16505551212|e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176",
            "030 1234567|Germany|49301234567|2f9fbc550b12cbc0e6242384cc472bd1e4f058a8b773f189f7acb86d202655ce",
            "912 345 678|PT|351912345678|1ac5bab26d9c9ea1c080654fae480f5fe4066ee9e5ac09622a3c28fb1a6b1b87",
            "0812-3456-789|ID|628123456789|4ae87a9fd91110f0288ac5bea87a099ca5ee72e032908dbf5ee56f9512bbff43",
            "050 123 4567|AE|971501234567|b7a8f5085aa733eb29857a02945bc84a5227e693708d469ec9fb21d34e9e44f5",
            "0803 123 4567|NG|2348031234567|fe144b034b54f22ea55473f479fe83b2ccbc55af8cdb280ef65ef280bcd4bf17",
            "0712 345678|KE|254712345678|7132104d6aae9c3fac82095a42c2817952bca48e09d98d5bf4ac08218982fb90",
            "021 123 4567|ZA|27211234567|d5766a9d75cd5517254d777d76857ee9ab2442e25145924c12787568bc887dff",
            "098765 43210|IN|919876543210|92b5072176e723878b5e06ff3ca61898e4eb74e8c46642a0f2db800b17364ab0",
            "331 2345|FJ|6793312345|e60c6c566ecfec9ce5d9f057e41c4cf0d319717f1a386fe0d6affc4047ef4bec",
            "0590 27 12 34|GP|590590271234|1b195384df2ad8e803e8d63147b6301842c1f653604f9617b4b8ee518dd65df6",
            "07 12 34 56 78|CI|2250712345678|276a77d5536d24e4a8008e5b6a7c4ec2c7ad73b18eb7494a71d0df985b95696a",
            "55 1234 5678|MX|525512345678|8f9d0944329b5338c6fb86f293ceb39385b596254748dd3628ec62f55c334811",
            "+221 77 123 45 67|Narnia|221771234567|f372235c97b8afbf07846fb90c389b1cd9232f2d2317f406956f24e99547a505",
    })
    void shouldHashPhoneAsE164OfTheCustomersCountryWhenStoreIsInGb(String raw, String country, String e164,
            String sha256) {
        NormalizationResult r = gb.normalize(CustomerInfo.builder().phone(raw).country(country).build());
        assertThat(r.userData().hashed(PHONE)).containsExactly(sha256);
        assertThat(gb.normalize(PHONE, raw, country)).isEqualTo(e164);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Narnia", "XX", "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f"})
    void shouldDropNationalPhoneWithCountryUnknownWhenGivenCountryCannotBeResolved(String country) {
        NormalizationResult r = gb.normalize(CustomerInfo.builder().phone("07911 123456").country(country).build());
        assertThat(r.userData().has(PHONE)).isFalse();
        assertThat(r.dropped()).contains(DroppedField.of(PHONE, DropReason.PHONE_COUNTRY_UNKNOWN));
        assertThat(gb.normalize(PHONE, "07911 123456", country)).isNull();
    }

    @Test
    void shouldDropNationalPhoneWithCountryUnknownWhenCountryHasNoNumberingPlan() {
        // AQ is ISO 3166-1 but has no numbering plan of its own.
        NormalizationResult r = gb.normalize(CustomerInfo.builder().phone("2345678").country("AQ").build());
        assertThat(r.dropped()).containsExactly(DroppedField.of(PHONE, DropReason.PHONE_COUNTRY_UNKNOWN));
    }

    @Test
    void shouldUseStoreDefaultCountryWhenCustomerHasNoCountry() {
        assertThat(gb.normalize(PHONE, "07911 123456", null)).isEqualTo("447911123456");
        assertThat(gb.normalize(CustomerInfo.builder().phone("07911 123456").build()).userData().hashed(PHONE))
                .containsExactly("40b5c38342a9c584ec707e8679b003f8c779c6aaa138c976ef94e049cc05208f");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "Valéry|valéry",
            "  JOHN |john",
            "Jean-Luc|jeanluc",
            "O'Brien|obrien",
            "Mary   Ann|mary ann",
            "Mary\u00a0Ann|mary ann",
            "J.R.R.|jrr",
            "Zoë|zoë",
            "Þórunn|þórunn",
            "Александр|александр",
            "محمد|محمد",
            "山田|山田",
            "देवनागरी|देवनागरी",
            "R2D2|rd",
            "Anna 😀|anna",
            "!!!|NULL",
            "123|NULL",
    })
    void shouldNormalizeNames(String raw, String expected) {
        assertThat(us.normalize(FIRST_NAME, raw, null)).isEqualTo(expected);
        assertThat(us.normalize(LAST_NAME, raw, null)).isEqualTo(expected);
    }

    @Test
    void shouldReportEmptyAfterNormalizationWhenNameHasNoLetters() {
        NormalizationResult r = us.normalize(CustomerInfo.builder().firstName("---").build());
        assertThat(r.dropped()).containsExactly(DroppedField.of(FIRST_NAME, DropReason.EMPTY_AFTER_NORMALIZATION));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "f|f", "F|f", "Female|f", "WOMAN|f", " m |m", "Male|m", "man|m",
            "x|NULL", "other|NULL", "fm|NULL", "w|NULL",
    })
    void shouldNormalizeGender(String raw, String expected) {
        assertThat(us.normalize(GENDER, raw, null)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "1997-02-16|19970216",
            "19970216|19970216",
            "1997/2/16|19970216",
            "2/16/1997|19970216",
            "02/16/1997|19970216",
            "16.2.1997|19970216",
            "16.02.1997|19970216",
            "2000-02-29|20000229",
            "1900-01-01|19000101",
            "2025-06-15|20250615",
            "1900-02-29|NULL",
            "1999-02-29|NULL",
            "1997-13-01|NULL",
            "1997-04-31|NULL",
            "1899-12-31|NULL",
            "2025-06-16|NULL",
            "16/2/1997|NULL",
            "1997-02-16T00:00|NULL",
            "1997-02/16|NULL",
            "97-02-16|NULL",
            "Feb 16 1997|NULL",
            "199702161|NULL",
            "1997..02|NULL",
    })
    void shouldNormalizeDateOfBirth(String raw, String expected) {
        assertThat(us.normalize(DATE_OF_BIRTH, raw, null)).isEqualTo(expected);
    }

    @Test
    void shouldAcceptLocalDateWhenDateOfBirthIsTyped() {
        NormalizationResult r = us.normalize(CustomerInfo.builder().dateOfBirth(LocalDate.of(1997, 2, 16)).build());
        assertThat(r.userData().hashed(DATE_OF_BIRTH))
                .containsExactly("01acdbf6ec7b4f478a225f1a246e5d6767eeab1a7ffa17f025265b5b94f40f0c");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "New York|newyork", "St. Louis|stlouis", "Winston-Salem|winstonsalem", "São Paulo|sãopaulo",
            "Paris 75001|paris", "東京|東京", "...|NULL",
    })
    void shouldNormalizeCity(String raw, String expected) {
        assertThat(us.normalize(CITY, raw, null)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "California|NULL|ca", "CA|US|ca", " ny |NULL|ny", "New York|USA|ny", "District of Columbia|US|dc",
            "Puerto Rico|US|pr", "N.Y.|US|ny", "Calif|US|NULL", "ZZ|US|NULL",
            "Ontario|CA|ontario", "ON|Canada|on", "Île-de-France|FR|îledefrance", "NSW|AU|nsw", "75|FR|75",
    })
    void shouldNormalizeState(String raw, String country, String expected) {
        assertThat(us.normalize(STATE, raw, country)).isEqualTo(expected);
    }

    @Test
    void shouldApplyNonUsStateRuleWhenStoreDefaultIsNotUs() {
        assertThat(gb.normalize(STATE, "Greater London", null)).isEqualTo("greaterlondon");
        assertThat(gb.normalize(STATE, "Texas", "US")).isEqualTo("tx");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "94025-1234|NULL|94025", "94025|US|94025", "940251234|US|94025", " 02134 |US|02134",
            "2134|US|NULL", "9402|US|NULL", "ABCDE|US|NULL", "94025-12|US|NULL",
            "M1 1AE|GB|m11ae", "SW1A 2AA|United Kingdom|sw1a2aa", "K1A 0B1|CA|k1a0b1", "10115|DE|10115",
            "1234-567|PT|1234567", "100-0001|JP|1000001", "12345678901234|DE|NULL", "12;34|DE|NULL",
    })
    void shouldNormalizeZip(String raw, String country, String expected) {
        assertThat(us.normalize(ZIP, raw, country)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "United States|us", "US|us", "us|us", "USA|us", "U.S.A.|us", "United States of America|us",
            "UK|gb", "Great Britain|gb", "England|gb", "United Kingdom|gb", "GBR|gb", "DEU|de", "Germany|de",
            "Deutschland|de", "France|fr", "FRA|fr", "The Netherlands|nl", "South Korea|kr", "Korea|kr",
            "Czech Republic|cz", "Czechia|cz", "Côte d’Ivoire|ci", "México|mx", "Japan|jp", "JPN|jp",
            "New Zealand|nz", "Bosnia & Herzegovina|ba", "Narnia|NULL", "XX|NULL", "ZZZ|NULL",
    })
    void shouldNormalizeCountry(String raw, String expected) {
        assertThat(us.normalize(COUNTRY, raw, null)).isEqualTo(expected);
    }

    @Test
    void shouldUseOneCanonicalFormWhenExternalIdDiffersInCaseAndBlanks() {
        String a = us.hash(EXTERNAL_ID, "  Customer-ABC123 ", null);
        assertThat(a).isEqualTo(Sha256.hex("customer-abc123"));
        assertThat(us.hash(EXTERNAL_ID, "customer-abc123", null)).isEqualTo(a);
        assertThat(us.normalize(EXTERNAL_ID, "ID 42", null)).isEqualTo("id 42");
    }

    // ---- whole customer ------------------------------------------------------------------------------------

    @Test
    void shouldProduceDigestsForEveryFieldWhenCustomerIsComplete() {
        CustomerInfo info = fullCustomer();
        NormalizationResult r = us.normalize(info);
        UserData ud = r.userData();
        assertThat(r.dropped()).isEmpty();
        assertThat(ud.hashed().keySet()).containsExactlyInAnyOrder(UserDataField.values());
        assertThat(ud.hashed(EMAIL)).hasSize(2);
        assertThat(ud.hashed(PHONE)).containsExactly(Sha256.hex("447911123456"));
        assertThat(ud.hashed(STATE)).containsExactly(Sha256.hex("greaterlondon"));
        assertThat(ud.clientIpAddress()).isEqualTo("2001:db8::1");
        assertThat(ud.clientUserAgent()).isEqualTo("Mozilla/5.0 Test");
        assertThat(ud.fbc()).isEqualTo("fb.1.1554763741205.AbCdEfGhIjKlMnOpQrStUvWxYz1234567890");
        assertThat(ud.fbp()).isEqualTo("fb.1.1596403881668.1116446470");
    }

    @Test
    void shouldCollapseDuplicatesWhenEmailsNormalizeEqually() {
        NormalizationResult r = us.normalize(CustomerInfo.builder()
                .emails(Arrays.asList("A@B.com", " a@b.COM ", null, "bad")).build());
        assertThat(r.userData().hashed(EMAIL)).containsExactly(Sha256.hex("a@b.com"));
        assertThat(r.dropped()).containsExactly(DroppedField.of(EMAIL, DropReason.INVALID_EMAIL));
    }

    @Test
    void shouldDropOnlyTheBadFieldWhenOthersAreValid() {
        NormalizationResult r = us.normalize(CustomerInfo.builder().email("john@example.com").gender("x")
                .dateOfBirth("31/31/1990").country("Narnia").phone("555").state("Nowhere").zip("abc")
                .clientIpAddress("not-an-ip").fbc("fb.9.x").fbp("garbage").build());
        assertThat(r.userData().hashed().keySet()).containsExactly(EMAIL);
        assertThat(r.dropped()).extracting(DroppedField::reason).containsExactlyInAnyOrder(
                DropReason.INVALID_GENDER, DropReason.INVALID_DATE, DropReason.UNKNOWN_COUNTRY,
                DropReason.PHONE_COUNTRY_UNKNOWN, DropReason.INVALID_STATE, DropReason.INVALID_ZIP, DropReason.INVALID_IP,
                DropReason.INVALID_FBC, DropReason.INVALID_FBP);
        assertThat(r.dropped()).extracting(DroppedField::key).contains("client_ip_address", "fbc", "fbp", "ge");
    }

    @Test
    void shouldUseCustomerCountryForPhoneAndStateWhenCountryIsGiven() {
        NormalizationResult r = us.normalize(CustomerInfo.builder().country("Germany").phone("030 1234567")
                .state("Bayern").zip("80331").build());
        assertThat(r.userData().hashed(PHONE)).containsExactly(Sha256.hex("49301234567"));
        assertThat(r.userData().hashed(STATE)).containsExactly(Sha256.hex("bayern"));
        assertThat(r.userData().hashed(COUNTRY)).containsExactly(Sha256.hex("de"));
    }

    @Test
    void shouldTruncateUserAgentWhenLongerThanCap() {
        String ua = "Mozilla/5.0 " + "x".repeat(3000);
        UserData ud = us.normalize(CustomerInfo.builder().clientUserAgent("  " + ua).build()).userData();
        assertThat(ud.clientUserAgent()).hasSize(NormalizerConfig.DEFAULT_MAX_USER_AGENT_LENGTH)
                .startsWith("Mozilla/5.0 x");
    }

    @Test
    void shouldRemoveBidiOverridesWhenUserAgentCarriesThem() {
        UserData ud = us.normalize(CustomerInfo.builder().clientUserAgent("Mozilla/5.0 \u202eevil\u202c").build())
                .userData();
        assertThat(ud.clientUserAgent()).isEqualTo("Mozilla/5.0 evil");
    }

    @Test
    void shouldDropUserAgentWhenItHasControlCharacters() {
        NormalizationResult r = us.normalize(CustomerInfo.builder().clientUserAgent("Mozilla\r\nX-Evil: 1").build());
        assertThat(r.userData().clientUserAgent()).isNull();
        assertThat(r.dropped()).extracting(DroppedField::key).containsExactly("client_user_agent");
    }

    @Test
    void shouldNormalizeIpAndStripPortWhenVerbatim() {
        assertThat(us.normalize(CustomerInfo.builder().clientIpAddress("203.0.113.5:443").build()).userData()
                .clientIpAddress()).isEqualTo("203.0.113.5");
        assertThat(us.normalize(CustomerInfo.builder().clientIpAddress("::FFFF:203.0.113.5").build()).userData()
                .clientIpAddress()).isEqualTo("203.0.113.5");
    }

    @Test
    void shouldNotPrintValuesWhenCustomerInfoIsLogged() {
        String s = fullCustomer().toString();
        assertThat(s).doesNotContain("john", "John", "7911", "London", "2001:db8", "Mozilla", "1116446470")
                .contains("emails=2", "firstName");
        assertThat(us.normalize(fullCustomer()).toString()).doesNotContain("john", "62a14e");
    }

    @Test
    void shouldReturnEmptyResultWhenInfoIsNull() {
        NormalizationResult r = us.normalize((CustomerInfo) null);
        assertThat(r.userData().hashed()).isEmpty();
        assertThat(r.dropped()).isEmpty();
    }

    @Test
    void shouldRejectConfigWhenDefaultCountryIsNotIso() {
        assertThatThrownBy(() -> NormalizerConfig.builder().defaultCountry("USA").build())
                .hasMessageContaining("defaultCountry").hasMessageContaining("USA");
        assertThatThrownBy(() -> NormalizerConfig.builder().defaultCountry("XX").build())
                .hasMessageContaining("defaultCountry");
        assertThatThrownBy(() -> NormalizerConfig.builder().maxValueLength(1).build())
                .hasMessageContaining("maxValueLength");
        assertThat(NormalizerConfig.builder().defaultCountry(" de ").build().defaultCountry()).isEqualTo("DE");
        assertThatThrownBy(() -> new UserDataNormalizer(null)).isInstanceOf(IllegalArgumentException.class);
    }

    static CustomerInfo fullCustomer() {
        return CustomerInfo.builder()
                .email("John_Smith@gmail.com").email("john.smith@work.example")
                .phone("07911 123456")
                .firstName("John").lastName("Smith").gender("male").dateOfBirth("1997-02-16")
                .city("London").state("Greater London").zip("SW1A 2AA").country("United Kingdom")
                .externalId("cust-42")
                .clientIpAddress("[2001:db8::1]:443").clientUserAgent("Mozilla/5.0 Test")
                .fbc("fb.1.1554763741205.AbCdEfGhIjKlMnOpQrStUvWxYz1234567890")
                .fbp("fb.1.1596403881668.1116446470")
                .build();
    }
}
