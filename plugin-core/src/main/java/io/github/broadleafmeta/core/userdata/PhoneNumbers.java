package io.github.broadleafmeta.core.userdata;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Set;

/**
 * The numbering plans of every country, from Google's libphonenumber (kept current by its maintainers), in the
 * two calls the normalizer needs. Stateless; nothing is cached per customer.
 */
final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    /** Upper-case ISO 3166-1 alpha-2 codes that have a numbering plan. */
    private static final Set<String> REGIONS = UTIL.getSupportedRegions();
    /** libphonenumber's "unknown region": only numbers written with {@code +} parse in it. */
    private static final String UNKNOWN_REGION = "ZZ";

    private PhoneNumbers() {
    }

    /** The numbering-plan region of a lowercase alpha-2 country, or null when it has none (or is not a country). */
    static String region(String alpha2Lower) {
        if (alpha2Lower == null || alpha2Lower.length() != 2) {
            return null;
        }
        String region = alpha2Lower.toUpperCase(Locale.ROOT);
        return REGIONS.contains(region) ? region : null;
    }

    /**
     * The E.164 digits (no {@code +}) of a number valid in its plan, or null. A national number is read in
     * {@code region}; an international one ({@code +}, or the region's international prefix) in its own.
     */
    static String e164Digits(String text, String region) {
        try {
            PhoneNumber number = UTIL.parse(text, region == null ? UNKNOWN_REGION : region);
            if (!UTIL.isValidNumber(number)) {
                return null;
            }
            return number.getCountryCode() + UTIL.getNationalSignificantNumber(number);
        } catch (NumberParseException e) {
            return null;
        }
    }
}
