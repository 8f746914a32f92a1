package io.github.broadleafmeta.core.userdata;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * Country calling codes and national trunk prefixes for the countries most shops sell to. A national number is
 * turned into E.164 only for countries listed here; for any other country the normalizer refuses to guess.
 */
final class CallingCodes {

    /** A country's calling code and the trunk prefixes its national numbers start with (may be empty). */
    static final class Entry {
        final String code;
        final String[] trunkPrefixes;

        Entry(String code, String[] trunkPrefixes) {
            this.code = code;
            this.trunkPrefixes = trunkPrefixes;
        }
    }

    static final String NANP = "1";

    private static final String[] NONE = new String[0];
    private static final Map<String, Entry> BY_COUNTRY;

    static {
        // "code:trunk|trunk:cc cc cc"; trunk "-" = no trunk prefix (the leading 0 is part of the number, e.g. IT).
        String[] rows = {
                "1:-:us ca pr gu vi as mp um bs bb jm tt do ag ai bm dm gd kn ky lc ms sx tc vc vg",
                "7:8:ru kz",
                "20:0:eg", "27:0:za", "30:-:gr", "31:0:nl", "32:0:be", "33:0:fr", "34:-:es", "36:06:hu",
                "39:-:it va", "40:0:ro", "41:0:ch", "43:0:at", "44:0:gb gg je im", "45:-:dk", "46:0:se",
                "47:-:no sj", "48:-:pl", "49:0:de", "51:0:pe", "52:-:mx", "53:0:cu", "54:0:ar", "55:0:br",
                "56:-:cl", "57:-:co", "58:0:ve", "60:0:my", "61:0:au", "62:0:id", "63:0:ph", "64:0:nz",
                "65:-:sg", "66:0:th", "81:0:jp", "82:0:kr", "84:0:vn", "86:0:cn", "90:0:tr", "91:0:in",
                "92:0:pk", "94:0:lk", "95:0:mm", "98:0:ir", "212:0:ma", "213:0:dz", "216:-:tn", "233:0:gh",
                "234:0:ng", "251:0:et", "254:0:ke", "255:0:tz", "256:0:ug", "351:-:pt", "352:-:lu", "353:0:ie",
                "354:-:is", "355:0:al", "356:-:mt", "357:-:cy", "358:0:fi", "359:0:bg", "370:8|0:lt", "371:-:lv",
                "372:-:ee", "373:0:md", "374:0:am", "375:8:by", "376:-:ad", "377:-:mc", "378:-:sm", "380:0:ua",
                "381:0:rs", "382:0:me", "385:0:hr", "386:0:si", "387:0:ba", "389:0:mk", "420:-:cz", "421:0:sk",
                "423:-:li", "502:-:gt", "503:-:sv", "506:-:cr", "507:-:pa", "591:0:bo", "593:0:ec", "595:0:py",
                "598:0:uy", "852:-:hk", "853:-:mo", "855:0:kh", "880:0:bd", "886:0:tw", "961:0:lb", "962:0:jo",
                "964:0:iq", "965:-:kw", "966:0:sa", "968:-:om", "971:0:ae", "972:0:il", "973:-:bh", "974:-:qa",
                "977:0:np", "994:0:az", "995:0:ge",
        };
        Map<String, Entry> map = new HashMap<String, Entry>();
        for (String row : rows) {
            String[] parts = row.split(":");
            String[] trunks = "-".equals(parts[1]) ? NONE : parts[1].split("\\|");
            Entry entry = new Entry(parts[0], trunks);
            for (String cc : parts[2].split(" ")) {
                map.put(cc, entry);
            }
        }
        BY_COUNTRY = Collections.unmodifiableMap(map);
    }

    private CallingCodes() {
    }

    /** The entry for a lowercase alpha-2 code, or null when this table does not know the country. */
    static Entry of(String alpha2Lower) {
        return alpha2Lower == null ? null : BY_COUNTRY.get(alpha2Lower);
    }

    static int size() {
        return BY_COUNTRY.size();
    }
}
