package io.github.broadleafmeta.core.userdata;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Raw customer information captured on the storefront, before normalization and hashing. Immutable; every field is
 * optional. It lives only for the duration of a request: the normalizer turns it into hashed {@code UserData}, and
 * only that reaches the outbox. {@link #toString()} names the fields that are set, never their values.
 */
public final class CustomerInfo {

    private static final CustomerInfo EMPTY = builder().build();

    private final List<String> emails;
    private final List<String> phones;
    private final String firstName;
    private final String lastName;
    private final String gender;
    private final String dateOfBirth;
    private final LocalDate dateOfBirthDate;
    private final String city;
    private final String state;
    private final String zip;
    private final String country;
    private final String externalId;
    private final String clientIpAddress;
    private final String clientUserAgent;
    private final String fbc;
    private final String fbp;

    private CustomerInfo(Builder b) {
        this.emails = copy(b.emails);
        this.phones = copy(b.phones);
        this.firstName = b.firstName;
        this.lastName = b.lastName;
        this.gender = b.gender;
        this.dateOfBirth = b.dateOfBirth;
        this.dateOfBirthDate = b.dateOfBirthDate;
        this.city = b.city;
        this.state = b.state;
        this.zip = b.zip;
        this.country = b.country;
        this.externalId = b.externalId;
        this.clientIpAddress = b.clientIpAddress;
        this.clientUserAgent = b.clientUserAgent;
        this.fbc = b.fbc;
        this.fbp = b.fbp;
    }

    private static List<String> copy(List<String> list) {
        return list.isEmpty() ? Collections.<String>emptyList()
                : Collections.unmodifiableList(new ArrayList<String>(list));
    }

    public static CustomerInfo empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.emails.addAll(emails);
        b.phones.addAll(phones);
        b.firstName = firstName;
        b.lastName = lastName;
        b.gender = gender;
        b.dateOfBirth = dateOfBirth;
        b.dateOfBirthDate = dateOfBirthDate;
        b.city = city;
        b.state = state;
        b.zip = zip;
        b.country = country;
        b.externalId = externalId;
        b.clientIpAddress = clientIpAddress;
        b.clientUserAgent = clientUserAgent;
        b.fbc = fbc;
        b.fbp = fbp;
        return b;
    }

    public List<String> emails() {
        return emails;
    }

    public List<String> phones() {
        return phones;
    }

    public String firstName() {
        return firstName;
    }

    public String lastName() {
        return lastName;
    }

    public String gender() {
        return gender;
    }

    /** The date of birth as text; when it was given as a {@link LocalDate}, that date in ISO form. */
    public String dateOfBirth() {
        return dateOfBirthDate != null ? dateOfBirthDate.toString() : dateOfBirth;
    }

    public String city() {
        return city;
    }

    public String state() {
        return state;
    }

    public String zip() {
        return zip;
    }

    /** Country name or code as captured (ISO alpha-2/alpha-3 or an English name). */
    public String country() {
        return country;
    }

    public String externalId() {
        return externalId;
    }

    public String clientIpAddress() {
        return clientIpAddress;
    }

    public String clientUserAgent() {
        return clientUserAgent;
    }

    public String fbc() {
        return fbc;
    }

    public String fbp() {
        return fbp;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("CustomerInfo{emails=").append(emails.size())
                .append(", phones=").append(phones.size());
        flag(sb, "firstName", firstName);
        flag(sb, "lastName", lastName);
        flag(sb, "gender", gender);
        flag(sb, "dateOfBirth", dateOfBirth());
        flag(sb, "city", city);
        flag(sb, "state", state);
        flag(sb, "zip", zip);
        flag(sb, "country", country);
        flag(sb, "externalId", externalId);
        flag(sb, "ip", clientIpAddress);
        flag(sb, "ua", clientUserAgent);
        flag(sb, "fbc", fbc);
        flag(sb, "fbp", fbp);
        return sb.append('}').toString();
    }

    private static void flag(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(", ").append(name);
        }
    }

    /** Collects raw values; nothing is validated here (the normalizer drops bad values field by field). */
    public static final class Builder {
        private final List<String> emails = new ArrayList<String>(1);
        private final List<String> phones = new ArrayList<String>(1);
        private String firstName;
        private String lastName;
        private String gender;
        private String dateOfBirth;
        private LocalDate dateOfBirthDate;
        private String city;
        private String state;
        private String zip;
        private String country;
        private String externalId;
        private String clientIpAddress;
        private String clientUserAgent;
        private String fbc;
        private String fbp;

        private Builder() {
        }

        /** Adds one email (null is ignored). */
        public Builder email(String email) {
            if (email != null) {
                emails.add(email);
            }
            return this;
        }

        /** Replaces the emails (nulls are ignored). */
        public Builder emails(List<String> values) {
            emails.clear();
            if (values != null) {
                for (String v : values) {
                    email(v);
                }
            }
            return this;
        }

        /** Adds one phone number (null is ignored). */
        public Builder phone(String phone) {
            if (phone != null) {
                phones.add(phone);
            }
            return this;
        }

        /** Replaces the phone numbers (nulls are ignored). */
        public Builder phones(List<String> values) {
            phones.clear();
            if (values != null) {
                for (String v : values) {
                    phone(v);
                }
            }
            return this;
        }

        public Builder firstName(String firstName) {
            this.firstName = firstName;
            return this;
        }

        public Builder lastName(String lastName) {
            this.lastName = lastName;
            return this;
        }

        public Builder gender(String gender) {
            this.gender = gender;
            return this;
        }

        /** Text in YYYY-MM-DD, YYYYMMDD, M/D/YYYY (US order) or D.M.YYYY form. */
        public Builder dateOfBirth(String dateOfBirth) {
            this.dateOfBirth = dateOfBirth;
            this.dateOfBirthDate = null;
            return this;
        }

        public Builder dateOfBirth(LocalDate dateOfBirth) {
            this.dateOfBirthDate = dateOfBirth;
            this.dateOfBirth = null;
            return this;
        }

        public Builder city(String city) {
            this.city = city;
            return this;
        }

        public Builder state(String state) {
            this.state = state;
            return this;
        }

        public Builder zip(String zip) {
            this.zip = zip;
            return this;
        }

        public Builder country(String country) {
            this.country = country;
            return this;
        }

        public Builder externalId(String externalId) {
            this.externalId = externalId;
            return this;
        }

        public Builder clientIpAddress(String clientIpAddress) {
            this.clientIpAddress = clientIpAddress;
            return this;
        }

        public Builder clientUserAgent(String clientUserAgent) {
            this.clientUserAgent = clientUserAgent;
            return this;
        }

        public Builder fbc(String fbc) {
            this.fbc = fbc;
            return this;
        }

        public Builder fbp(String fbp) {
            this.fbp = fbp;
            return this;
        }

        public CustomerInfo build() {
            return new CustomerInfo(this);
        }
    }
}
