package io.github.broadleafmeta.core.userdata;

import java.text.Normalizer;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Set;

/**
 * Country name/code → ISO 3166-1 alpha-2 (lowercase). Built once at class initialization from the JDK's ISO list
 * (alpha-2, alpha-3 and English display names) plus common aliases. Lookup keys are letters only, accents folded,
 * lowercase: {@code "U.S.A."}, {@code "usa"} and {@code "United States of America"} all find {@code us}.
 */
final class Countries {

    private static final Set<String> ALPHA2;
    private static final Map<String, String> BY_KEY;

    static {
        Set<String> alpha2 = new HashSet<String>();
        Map<String, String> map = new HashMap<String, String>(1024);
        for (String cc : Locale.getISOCountries()) {
            String lower = cc.toLowerCase(Locale.ROOT);
            alpha2.add(lower);
            map.put(lower, lower);
            Locale locale = new Locale("", cc);
            try {
                String alpha3 = locale.getISO3Country();
                if (alpha3 != null && alpha3.length() == 3) {
                    map.put(alpha3.toLowerCase(Locale.ROOT), lower);
                }
            } catch (MissingResourceException ignored) {
                // A code without an alpha-3 form is still reachable by alpha-2 and name.
            }
            String name = key(locale.getDisplayCountry(Locale.ENGLISH));
            if (name.length() > 3 && !map.containsKey(name)) {
                map.put(name, lower);
            }
        }
        String[][] aliases = {
                {"us", "usa", "unitedstates", "unitedstatesofamerica", "america", "theunitedstates"},
                {"gb", "uk", "unitedkingdom", "greatbritain", "britain", "england", "scotland", "wales",
                        "northernireland", "unitedkingdomofgreatbritainandnorthernireland"},
                {"kr", "southkorea", "korea", "republicofkorea", "korearepublicof", "korearepublic", "korsouth"},
                {"kp", "northkorea", "democraticpeoplesrepublicofkorea"},
                {"ru", "russia", "russianfederation"},
                {"cz", "czechrepublic", "czechia"},
                {"nl", "netherlands", "holland", "nederland"},
                {"de", "germany", "deutschland"},
                {"es", "spain", "espana"},
                {"it", "italy", "italia"},
                {"at", "austria", "osterreich"},
                {"ch", "switzerland", "schweiz", "suisse", "svizzera"},
                {"br", "brazil", "brasil"},
                {"mx", "mexico"},
                {"tr", "turkey", "turkiye"},
                {"ae", "uae", "unitedarabemirates"},
                {"vn", "vietnam"},
                {"ci", "ivorycoast", "cotedivoire"},
                {"mm", "myanmar", "burma"},
                {"hk", "hongkong", "hongkongsarchina"},
                {"mo", "macau", "macao", "macaosarchina"},
                {"tw", "taiwan"},
                {"ir", "iran"},
                {"sy", "syria"},
                {"la", "laos"},
                {"bo", "bolivia"},
                {"ve", "venezuela"},
                {"tz", "tanzania"},
                {"md", "moldova"},
                {"va", "vatican", "vaticancity", "holysee"},
                {"ps", "palestine"},
                {"cd", "drc", "drcongo", "democraticrepublicofthecongo", "congokinshasa"},
                {"cg", "republicofthecongo", "congobrazzaville"},
                {"cv", "capeverde", "caboverde"},
                {"sz", "swaziland", "eswatini"},
                {"mk", "macedonia", "northmacedonia"},
                {"fm", "micronesia"},
                {"bn", "brunei"},
                {"fr", "france"},
                {"be", "belgium", "belgique", "belgie"},
                {"dk", "denmark", "danmark"},
                {"se", "sweden", "sverige"},
                {"no", "norway", "norge"},
                {"fi", "finland", "suomi"},
                {"pl", "poland", "polska"},
                {"gr", "greece", "hellas"},
                {"ie", "ireland", "eire"},
                {"jp", "japan", "nippon"},
                {"cn", "china", "prc", "peoplesrepublicofchina"},
                {"in", "india", "bharat"},
                {"za", "southafrica"},
                {"nz", "newzealand", "aotearoa"},
                {"au", "australia"},
                {"ca", "canada"},
        };
        for (String[] row : aliases) {
            for (int i = 1; i < row.length; i++) {
                map.put(row[i], row[0]);
            }
        }
        ALPHA2 = Collections.unmodifiableSet(alpha2);
        BY_KEY = Collections.unmodifiableMap(map);
    }

    private Countries() {
    }

    /** True when {@code lower} is an ISO 3166-1 alpha-2 code in lowercase. */
    static boolean isAlpha2(String lower) {
        return ALPHA2.contains(lower);
    }

    /** The lowercase alpha-2 code for a name, alpha-2 or alpha-3 code, or null when unknown. */
    static String resolve(String raw) {
        if (raw == null) {
            return null;
        }
        String k = key(raw);
        if (k.isEmpty()) {
            return null;
        }
        String cc = BY_KEY.get(k);
        if (cc == null && k.startsWith("the") && k.length() > 3) {
            cc = BY_KEY.get(k.substring(3));
        }
        return cc;
    }

    /** Letters only, accents folded, lowercase ({@code "Côte d’Ivoire"} → {@code "cotedivoire"}). */
    static String key(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                ascii = false;
                break;
            }
        }
        String folded = ascii ? s : Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder sb = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (c < 0x80) {
                if (c >= 'A' && c <= 'Z') {
                    sb.append((char) (c + 32));
                } else if (c >= 'a' && c <= 'z') {
                    sb.append(c);
                }
            } else if (Character.isLetter(c)) {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }
}
