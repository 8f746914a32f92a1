package io.github.broadleafmeta.core.userdata;

import io.github.broadleafmeta.core.event.UserData;
import io.github.broadleafmeta.core.event.UserDataField;
import io.github.broadleafmeta.core.request.FbCookies;
import io.github.broadleafmeta.core.request.IpAddresses;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Turns raw {@link CustomerInfo} into Meta's {@code user_data}: every customer-information value normalized by the
 * rules of META-CAPI-NOTES.md and SHA-256 hashed; IP, user agent, fbc and fbp validated and kept verbatim.
 *
 * <p>Common steps for every hashed field, in order: values longer than {@link NormalizerConfig#maxValueLength()}
 * are dropped (TOO_LONG); all Unicode whitespace (incl. NBSP, ideographic space, zero-width marks) is trimmed at both
 * ends; a blank value is absent (no drop reason, never hashed as ""); a control character inside (NUL, tab,
 * newline, ...) drops the value (CONTROL_CHARACTERS); invisible and bidirectional format characters (U+00AD,
 * U+200B–200F, U+202A–202E, U+2066–2069, U+2028/2029, U+2060, U+FEFF, U+061C) are removed wherever they are; the
 * value is folded to Unicode NFKC (fullwidth {@code Ｊｏｈｎ} → {@code John}, ligature {@code ﬁ} → {@code fi}); a
 * 64-hex-digit value is taken as already hashed, lowercased and passed through; the rest is lowercased with
 * {@link Locale#ROOT}, then the field's own rule applies:
 * <ul>
 *   <li>{@code em}: one {@code @}, non-empty local part, a domain with a dot and non-empty labels, no blanks.</li>
 *   <li>{@code ph}: E.164 digits without {@code +} by libphonenumber, in the customer's country's numbering plan
 *       (the store's only when the customer has no country at all); see {@code phone(...)} below.</li>
 *   <li>{@code fn}, {@code ln}: letters of any script and combining marks are kept; digits, punctuation and symbols
 *       are removed without leaving a gap ({@code Jean-Luc} → {@code jeanluc}, {@code O'Brien} → {@code obrien});
 *       runs of blanks between words become ONE space ({@code Mary  Ann} → {@code mary ann}). Meta's rule for names
 *       says "no punctuation" but, unlike the city rule, not "no spaces", so the word gap is kept.</li>
 *   <li>{@code ge}: {@code f}/{@code m} from f, m, female, male, woman, man.</li>
 *   <li>{@code db}: YYYYMMDD from YYYY-MM-DD, YYYYMMDD, YYYY/MM/DD, M/D/YYYY (US order) or D.M.YYYY; a real date,
 *       not in the future, year ≥ 1900.</li>
 *   <li>{@code ct}: letters and marks only ({@code New York} → {@code newyork}).</li>
 *   <li>{@code st}: US (the customer's country, or the store default when unknown): the 2-letter USPS code, full
 *       names mapped; elsewhere letters and digits only.</li>
 *   <li>{@code zp}: letters and digits only; US: the first 5 of at least 5 digits ({@code 94025-1234} →
 *       {@code 94025}).</li>
 *   <li>{@code country}: ISO 3166-1 alpha-2 from a code (alpha-2/alpha-3) or English name.</li>
 *   <li>{@code external_id}: the common steps only (trim, format characters, NFKC, lowercase with
 *       {@code Locale.ROOT}), then SHA-256.
 *       This is THE canonical form for both Pixel and Conversions API: the theme must call {@link #hash} for it.</li>
 * </ul>
 * Verbatim fields: {@code client_ip_address} only when it is an IP literal (a port is stripped; canonical form);
 * {@code client_user_agent} trimmed and, when longer than {@link NormalizerConfig#maxUserAgentLength()},
 * truncated rather than dropped (Meta requires a user agent for website events, and the head of a UA is what
 * identifies the browser); a UA with control characters is dropped. {@code fbc}/{@code fbp} unchanged when
 * {@link FbCookies} accepts them.
 *
 * <p>Never throws for bad customer data: a bad value drops that field with a {@link DropReason}. Immutable and
 * thread-safe.
 */
public final class UserDataNormalizer {

    private static final Log LOG = LogFactory.getLog(UserDataNormalizer.class);

    public static final String KEY_CLIENT_IP_ADDRESS = "client_ip_address";
    public static final String KEY_CLIENT_USER_AGENT = "client_user_agent";
    public static final String KEY_FBC = "fbc";
    public static final String KEY_FBP = "fbp";

    private static final int MIN_BIRTH_YEAR = 1900;
    private static final int MAX_EMAIL_LENGTH = 254;
    private static final int MAX_ZIP_LENGTH = 12;

    /** Stands for "a country was given but is not known": no numbering plan, never the store's. */
    private static final String UNRESOLVED_COUNTRY = "?";

    private final NormalizerConfig config;
    private final String defaultCountry;
    /** The store's numbering-plan region for customers without a country; null when it has no plan. */
    private final String defaultRegion;

    public UserDataNormalizer(NormalizerConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config is required");
        }
        this.config = config;
        this.defaultCountry = config.defaultCountry().toLowerCase(Locale.ROOT);
        this.defaultRegion = PhoneNumbers.region(defaultCountry);
    }

    public NormalizerConfig config() {
        return config;
    }

    /** Normalizes and hashes everything in {@code info}; never throws for bad values. */
    public NormalizationResult normalize(CustomerInfo info) {
        List<DroppedField> dropped = new ArrayList<DroppedField>(2);
        if (info == null) {
            return new NormalizationResult(UserData.empty(), dropped);
        }
        UserData.Builder b = UserData.builder();
        Ctx ctx = new Ctx();
        try {
            String country = run(UserDataField.COUNTRY, info.country(), null, ctx, b, dropped);
            String countryIso = ctx.preHashed ? null : country;
            boolean countryGiven = country != null || ctx.reason != null;
            String phoneCountry = countryIso == null && countryGiven ? UNRESOLVED_COUNTRY : countryIso;
            for (String email : info.emails()) {
                run(UserDataField.EMAIL, email, null, ctx, b, dropped);
            }
            for (String phone : info.phones()) {
                run(UserDataField.PHONE, phone, phoneCountry, ctx, b, dropped);
            }
            run(UserDataField.FIRST_NAME, info.firstName(), null, ctx, b, dropped);
            run(UserDataField.LAST_NAME, info.lastName(), null, ctx, b, dropped);
            run(UserDataField.GENDER, info.gender(), null, ctx, b, dropped);
            run(UserDataField.DATE_OF_BIRTH, info.dateOfBirth(), null, ctx, b, dropped);
            run(UserDataField.CITY, info.city(), null, ctx, b, dropped);
            run(UserDataField.STATE, info.state(), countryIso, ctx, b, dropped);
            run(UserDataField.ZIP, info.zip(), countryIso, ctx, b, dropped);
            run(UserDataField.EXTERNAL_ID, info.externalId(), null, ctx, b, dropped);
            verbatim(info, b, dropped);
        } catch (RuntimeException e) {
            // A bug here must not cost the event: keep what was built, log without values.
            LOG.warn("Customer data normalization failed (" + e.getClass().getSimpleName() + "); fields so far kept");
        }
        return new NormalizationResult(b.build(), dropped);
    }

    /**
     * The normalized plain value of one field, or null when it is absent or invalid. For an already hashed input
     * (64 hex digits) this is the lowercased digest.
     *
     * @param countryHint the customer's country (name or code) for {@code ph}, {@code st} and {@code zp}; null means
     *                    the store default
     */
    public String normalize(UserDataField field, String raw, String countryHint) {
        if (field == null) {
            throw new IllegalArgumentException("field is required");
        }
        try {
            return process(field, raw, countryIsoOf(field, countryHint), new Ctx());
        } catch (RuntimeException e) {
            LOG.warn("Normalization of " + field.key() + " failed (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    /** The SHA-256 of the normalized value (an already hashed input passes through lowercased), or null. */
    public String hash(UserDataField field, String raw, String countryHint) {
        if (field == null) {
            throw new IllegalArgumentException("field is required");
        }
        try {
            Ctx ctx = new Ctx();
            String value = process(field, raw, countryIsoOf(field, countryHint), ctx);
            if (value == null) {
                return null;
            }
            return ctx.preHashed ? value : Sha256.hex(value);
        } catch (RuntimeException e) {
            LOG.warn("Hashing of " + field.key() + " failed (" + e.getClass().getSimpleName() + ")");
            return null;
        }
    }

    private static String countryIsoOf(UserDataField field, String countryHint) {
        if (countryHint == null || countryHint.trim().isEmpty()
                || (field != UserDataField.PHONE && field != UserDataField.STATE && field != UserDataField.ZIP)) {
            return null;
        }
        String iso = Countries.resolve(countryHint);
        // A phone must not borrow the store's calling code for a country that was given but is unknown.
        return iso == null && field == UserDataField.PHONE ? UNRESOLVED_COUNTRY : iso;
    }

    private String run(UserDataField field, String raw, String countryIso, Ctx ctx, UserData.Builder b,
            List<DroppedField> dropped) {
        String value = process(field, raw, countryIso, ctx);
        if (value != null) {
            b.addHashed(field, ctx.preHashed ? value : Sha256.hex(value));
        } else if (ctx.reason != null) {
            dropped.add(DroppedField.of(field, ctx.reason));
        }
        return value;
    }

    private void verbatim(CustomerInfo info, UserData.Builder b, List<DroppedField> dropped) {
        String ip = info.clientIpAddress();
        if (ip != null && !ip.trim().isEmpty()) {
            String normalized = IpAddresses.normalizeHostPort(ip);
            if (normalized != null) {
                b.clientIpAddress(normalized);
            } else {
                dropped.add(DroppedField.verbatim(KEY_CLIENT_IP_ADDRESS, DropReason.INVALID_IP));
            }
        }
        String ua = info.clientUserAgent();
        if (ua != null) {
            int max = config.maxUserAgentLength();
            String head = ua.length() > max * 2 ? ua.substring(0, max * 2) : ua;
            int start = trimStart(head);
            int end = trimEnd(head, start);
            if (start < end) {
                String t = stripFormatCharacters(head.substring(start, Math.min(end, start + max)));
                DropReason bad = badCharacters(t, 0, t.length());
                if (bad == null) {
                    b.clientUserAgent(t);
                } else {
                    dropped.add(DroppedField.verbatim(KEY_CLIENT_USER_AGENT, bad));
                }
            }
        }
        String fbc = info.fbc();
        if (fbc != null && !fbc.trim().isEmpty()) {
            if (FbCookies.isValidFbc(fbc.trim())) {
                b.fbc(fbc.trim());
            } else {
                dropped.add(DroppedField.verbatim(KEY_FBC, DropReason.INVALID_FBC));
            }
        }
        String fbp = info.fbp();
        if (fbp != null && !fbp.trim().isEmpty()) {
            if (FbCookies.isValidFbp(fbp.trim())) {
                b.fbp(fbp.trim());
            } else {
                dropped.add(DroppedField.verbatim(KEY_FBP, DropReason.INVALID_FBP));
            }
        }
    }

    /** Per-call scratch: why the last value was dropped, and whether it arrived hashed. */
    private static final class Ctx {
        DropReason reason;
        boolean preHashed;
    }

    private String process(UserDataField field, String raw, String countryIso, Ctx ctx) {
        ctx.reason = null;
        ctx.preHashed = false;
        if (raw == null) {
            return null;
        }
        if (raw.length() > config.maxValueLength()) {
            ctx.reason = DropReason.TOO_LONG;
            return null;
        }
        int start = trimStart(raw);
        int end = trimEnd(raw, start);
        if (start >= end) {
            return null;
        }
        DropReason bad = badCharacters(raw, start, end);
        if (bad != null) {
            ctx.reason = bad;
            return null;
        }
        String s = (start == 0 && end == raw.length()) ? raw : raw.substring(start, end);
        if (!isAscii(s)) {
            s = foldCompatibilityForms(stripFormatCharacters(s));
            if (s.isEmpty()) {
                return null;
            }
        }
        if (Sha256.isHexDigest(s)) {
            ctx.preHashed = true;
            return s.toLowerCase(Locale.ROOT);
        }
        s = s.toLowerCase(Locale.ROOT);
        String out;
        switch (field) {
            case EMAIL:
                out = email(s, ctx);
                break;
            case PHONE:
                out = phone(s, countryIso, ctx);
                break;
            case FIRST_NAME:
            case LAST_NAME:
                out = letters(s, true, false);
                break;
            case GENDER:
                out = gender(s, ctx);
                break;
            case DATE_OF_BIRTH:
                out = date(s, ctx);
                break;
            case CITY:
                out = letters(s, false, false);
                break;
            case STATE:
                out = state(s, countryIso, ctx);
                break;
            case ZIP:
                out = zip(s, countryIso, ctx);
                break;
            case COUNTRY:
                out = Countries.resolve(s);
                if (out == null) {
                    ctx.reason = DropReason.UNKNOWN_COUNTRY;
                }
                break;
            case EXTERNAL_ID:
                out = s;
                break;
            default:
                out = null;
                break;
        }
        if (out != null && out.isEmpty()) {
            out = null;
            if (ctx.reason == null) {
                ctx.reason = DropReason.EMPTY_AFTER_NORMALIZATION;
            }
        }
        return out;
    }

    // ---- common helpers -------------------------------------------------------------------------------------

    /** Whitespace as Unicode sees it, plus the invisible marks that copy-paste drags along. */
    private static boolean isTrimmable(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200B' || c == '\uFEFF'
                || c == '\u200E' || c == '\u200F' || c == '\u2060';
    }

    private static int trimStart(String s) {
        int i = 0;
        while (i < s.length() && isTrimmable(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int trimEnd(String s, int start) {
        int e = s.length();
        while (e > start && isTrimmable(s.charAt(e - 1))) {
            e--;
        }
        return e;
    }

    private static DropReason badCharacters(String s, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                return DropReason.CONTROL_CHARACTERS;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= end || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return DropReason.MALFORMED_UNICODE;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return DropReason.MALFORMED_UNICODE;
            }
        }
        return null;
    }

    /**
     * Invisible and bidirectional format characters: soft hyphen, Arabic letter mark, zero-width space/non-joiner/
     * joiner, LRM/RLM, embeddings and overrides (U+202A–202E), isolates (U+2066–2069), line and paragraph
     * separators, word joiner, BOM. Copy-paste and spoofing put them inside values where no one sees them.
     */
    static boolean isFormatCharacter(char c) {
        return c == '\u00AD' || c == '\u061C' || (c >= '\u200B' && c <= '\u200F') || (c >= '\u202A' && c <= '\u202E')
                || (c >= '\u2066' && c <= '\u2069') || c == '\u2028' || c == '\u2029' || c == '\u2060'
                || c == '\uFEFF';
    }

    static String stripFormatCharacters(String s) {
        int first = 0;
        while (first < s.length() && !isFormatCharacter(s.charAt(first))) {
            first++;
        }
        if (first == s.length()) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length()).append(s, 0, first);
        for (int i = first + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isFormatCharacter(c)) {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * NFKC, the same for every field: fullwidth letters and digits become ASCII, ligatures ({@code ﬁ}) their
     * letters, combining sequences are composed. The result is trimmed again (NFKC turns some spaces into U+0020).
     */
    private static String foldCompatibilityForms(String s) {
        // ASCII text is already NFKC (no ASCII character decomposes): most values skip the normalizer's cost.
        String folded = isAscii(s) || Normalizer.isNormalized(s, Normalizer.Form.NFKC) ? s
                : Normalizer.normalize(s, Normalizer.Form.NFKC);
        int start = trimStart(folded);
        int end = trimEnd(folded, start);
        return start == 0 && end == folded.length() ? folded : folded.substring(start, end);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(int cp) {
        return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
    }

    private static boolean isLetterOrMark(int cp) {
        if (Character.isLetter(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    /**
     * Keeps letters and combining marks (and digits when asked); with {@code keepWordGaps} a run of blanks between
     * kept characters becomes one space, otherwise blanks vanish. Everything else vanishes.
     */
    private static String letters(String s, boolean keepWordGaps, boolean keepDigits) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean gap = false;
        for (int i = 0; i < s.length();) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (isLetterOrMark(cp) || (keepDigits && cp >= '0' && cp <= '9')) {
                if (gap && sb.length() > 0) {
                    sb.append(' ');
                }
                gap = false;
                sb.appendCodePoint(cp);
            } else if (keepWordGaps && isBlank(cp)) {
                gap = true;
            }
        }
        return sb.toString();
    }

    // ---- field rules ----------------------------------------------------------------------------------------

    private static String email(String s, Ctx ctx) {
        int at = s.indexOf('@');
        boolean ok = s.length() <= MAX_EMAIL_LENGTH && at > 0 && at == s.lastIndexOf('@') && at < s.length() - 1;
        if (ok) {
            for (int i = 0; i < s.length() && ok; i++) {
                char c = s.charAt(i);
                if (isTrimmable(c) || c == '<' || c == '>' || c == '(' || c == ')' || c == ',' || c == ';'
                        || c == '\\' || c == '"' || c == '[' || c == ']') {
                    ok = false;
                }
            }
        }
        if (ok) {
            // Domain: labels separated by dots, at least two, none empty.
            int labels = 0;
            int labelLength = 0;
            for (int i = at + 1; i <= s.length() && ok; i++) {
                if (i == s.length() || s.charAt(i) == '.') {
                    if (labelLength == 0) {
                        ok = false;
                    }
                    labels++;
                    labelLength = 0;
                } else {
                    char c = s.charAt(i);
                    if (c == ':' || c == '/' || c == '?' || c == '#' || c == '\'' || c == '!') {
                        ok = false;
                    }
                    labelLength++;
                }
            }
            ok = ok && labels >= 2;
        }
        if (!ok) {
            ctx.reason = DropReason.INVALID_EMAIL;
            return null;
        }
        return s;
    }

    /**
     * E.164 digits without {@code +}, by Google's libphonenumber: the number is parsed in the numbering plan of the
     * customer's country (else the store's, when the customer has no country at all), so trunk prefixes
     * ({@code 07911 123456} in GB → {@code 447911123456}), leading zeros that belong to the number (IT, CI),
     * international prefixes ({@code +}, {@code 00}, {@code 011} in NANP), {@code (0)} after a calling code,
     * extensions ({@code x204}, {@code ext. 204}: cut off) and vanity letters ({@code 1-800-FLOWERS}) follow each
     * country's rules. The number must be valid in its plan, else INVALID_PHONE. A national number of a customer
     * whose given country cannot be resolved is PHONE_COUNTRY_UNKNOWN: never the store's calling code.
     */
    private String phone(String s, String countryIso, Ctx ctx) {
        String region = countryIso == null ? defaultRegion : PhoneNumbers.region(countryIso);
        int firstDigit = firstDigitIndex(s);
        int plus = s.indexOf('+');
        boolean international = plus >= 0 && plus < firstDigit;
        boolean doubleZero = !international && s.startsWith("00", firstDigit);
        String e164 = region != null || international ? PhoneNumbers.e164Digits(s, region) : null;
        if (e164 == null && doubleZero) {
            // "00" is the international prefix nearly everywhere: "0044 ..." is British for a US customer too.
            e164 = PhoneNumbers.e164Digits("+" + s.substring(firstDigit + 2), null);
        }
        if (e164 == null) {
            ctx.reason = region == null && !international && !doubleZero
                    ? DropReason.PHONE_COUNTRY_UNKNOWN : DropReason.INVALID_PHONE;
        }
        return e164;
    }

    private static int firstDigitIndex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isDigit(s.charAt(i))) {
                return i;
            }
        }
        return s.length();
    }

    private static String gender(String s, Ctx ctx) {
        String t = letters(s, false, false);
        if ("f".equals(t) || "female".equals(t) || "woman".equals(t)) {
            return "f";
        }
        if ("m".equals(t) || "male".equals(t) || "man".equals(t)) {
            return "m";
        }
        ctx.reason = DropReason.INVALID_GENDER;
        return null;
    }

    private String date(String s, Ctx ctx) {
        int[] parts = new int[3];
        int[] lengths = new int[3];
        int count = 0;
        char sep = 0;
        int value = 0;
        int length = 0;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '\0';
            if (c >= '0' && c <= '9') {
                if (++length > 8) {
                    return invalidDate(ctx);
                }
                value = value * 10 + (c - '0');
                continue;
            }
            boolean isSep = c == '-' || c == '/' || c == '.';
            if ((!isSep && i < s.length()) || length == 0 || count == 3 || (isSep && sep != 0 && c != sep)) {
                return invalidDate(ctx);
            }
            if (isSep) {
                sep = c;
            }
            parts[count] = value;
            lengths[count] = length;
            count++;
            value = 0;
            length = 0;
        }
        int year;
        int month;
        int day;
        if (count == 1 && lengths[0] == 8) {
            year = parts[0] / 10000;
            month = parts[0] / 100 % 100;
            day = parts[0] % 100;
        } else if (count == 3 && lengths[0] == 4 && lengths[1] <= 2 && lengths[2] <= 2 && sep != '.') {
            year = parts[0];
            month = parts[1];
            day = parts[2];
        } else if (count == 3 && sep == '/' && lengths[0] <= 2 && lengths[1] <= 2 && lengths[2] == 4) {
            month = parts[0];
            day = parts[1];
            year = parts[2];
        } else if (count == 3 && sep == '.' && lengths[0] <= 2 && lengths[1] <= 2 && lengths[2] == 4) {
            day = parts[0];
            month = parts[1];
            year = parts[2];
        } else {
            return invalidDate(ctx);
        }
        if (year < MIN_BIRTH_YEAR || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
            return invalidDate(ctx);
        }
        LocalDate today = LocalDate.now(config.clock());
        if (LocalDate.of(year, month, day).isAfter(today)) {
            return invalidDate(ctx);
        }
        char[] out = new char[8];
        int v = year * 10000 + month * 100 + day;
        for (int i = 7; i >= 0; i--) {
            out[i] = (char) ('0' + v % 10);
            v /= 10;
        }
        return new String(out);
    }

    private static String invalidDate(Ctx ctx) {
        ctx.reason = DropReason.INVALID_DATE;
        return null;
    }

    private static int daysIn(int year, int month) {
        switch (month) {
            case 2:
                boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
                return leap ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    private String state(String s, String countryIso, Ctx ctx) {
        String country = countryIso != null ? countryIso : defaultCountry;
        if ("us".equals(country)) {
            String code = UsStates.code(letters(s, false, false));
            if (code == null) {
                ctx.reason = DropReason.INVALID_STATE;
            }
            return code;
        }
        return letters(s, false, true);
    }

    private String zip(String s, String countryIso, Ctx ctx) {
        String country = countryIso != null ? countryIso : defaultCountry;
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                sb.append(c);
            } else if (!(c == ' ' || c == '-' || isTrimmable(c))) {
                // Postal codes are ASCII letters, digits, blanks and dashes everywhere; anything else is junk.
                ctx.reason = DropReason.INVALID_ZIP;
                return null;
            }
        }
        String z = sb.toString();
        if ("us".equals(country)) {
            for (int i = 0; i < z.length(); i++) {
                if (z.charAt(i) < '0' || z.charAt(i) > '9') {
                    ctx.reason = DropReason.INVALID_ZIP;
                    return null;
                }
            }
            if (z.length() != 5 && z.length() != 9) {
                ctx.reason = DropReason.INVALID_ZIP;
                return null;
            }
            return z.substring(0, 5);
        }
        if (z.length() > MAX_ZIP_LENGTH) {
            ctx.reason = DropReason.INVALID_ZIP;
            return null;
        }
        return z;
    }

    @Override
    public String toString() {
        return "UserDataNormalizer{" + config + "}";
    }
}
