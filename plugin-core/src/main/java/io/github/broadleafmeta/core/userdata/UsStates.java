package io.github.broadleafmeta.core.userdata;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** US states, DC, territories and military "states": USPS code ↔ name (keys letters-only lowercase). */
final class UsStates {

    private static final Set<String> CODES;
    private static final Map<String, String> BY_NAME;

    static {
        String[] pairs = {
                "al", "alabama", "ak", "alaska", "az", "arizona", "ar", "arkansas", "ca", "california",
                "co", "colorado", "ct", "connecticut", "de", "delaware", "fl", "florida", "ga", "georgia",
                "hi", "hawaii", "id", "idaho", "il", "illinois", "in", "indiana", "ia", "iowa", "ks", "kansas",
                "ky", "kentucky", "la", "louisiana", "me", "maine", "md", "maryland", "ma", "massachusetts",
                "mi", "michigan", "mn", "minnesota", "ms", "mississippi", "mo", "missouri", "mt", "montana",
                "ne", "nebraska", "nv", "nevada", "nh", "newhampshire", "nj", "newjersey", "nm", "newmexico",
                "ny", "newyork", "nc", "northcarolina", "nd", "northdakota", "oh", "ohio", "ok", "oklahoma",
                "or", "oregon", "pa", "pennsylvania", "ri", "rhodeisland", "sc", "southcarolina",
                "sd", "southdakota", "tn", "tennessee", "tx", "texas", "ut", "utah", "vt", "vermont",
                "va", "virginia", "wa", "washington", "wv", "westvirginia", "wi", "wisconsin", "wy", "wyoming",
                "dc", "districtofcolumbia", "dc", "washingtondc", "as", "americansamoa", "gu", "guam",
                "mp", "northernmarianaislands", "pr", "puertorico", "vi", "usvirginislands", "vi", "virginislands",
                "um", "usminoroutlyingislands", "aa", "armedforcesamericas", "ae", "armedforceseurope",
                "ap", "armedforcespacific",
        };
        Set<String> codes = new HashSet<String>();
        Map<String, String> byName = new HashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            codes.add(pairs[i]);
            byName.put(pairs[i + 1], pairs[i]);
        }
        CODES = Collections.unmodifiableSet(codes);
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private UsStates() {
    }

    /** The lowercase code for a letters-only lowercase code or name, or null. */
    static String code(String lettersLower) {
        if (lettersLower.length() == 2) {
            return CODES.contains(lettersLower) ? lettersLower : null;
        }
        return BY_NAME.get(lettersLower);
    }
}
