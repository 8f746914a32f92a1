package io.github.broadleafmeta.store.web;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The one-page checkout form: contact, shipping address and phone. Payment is cash on delivery, so nothing else
 * is asked. Field names are part of the store's documented test hooks.
 */
public class CheckoutForm implements Serializable {

    private static final long serialVersionUID = 1L;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final int MAX_LENGTH = 255;

    private String emailAddress;
    private String firstName;
    private String lastName;
    private String phone;
    private String addressLine1;
    private String city;
    private String state;
    private String postalCode;
    private String country = "US";

    /** Field name to message; empty when the form can be submitted. */
    public Map<String, String> validate() {
        Map<String, String> errors = new LinkedHashMap<String, String>();
        required(errors, "emailAddress", emailAddress, "Enter an e-mail address.");
        if (!errors.containsKey("emailAddress") && !EMAIL.matcher(emailAddress.trim()).matches()) {
            errors.put("emailAddress", "Enter an e-mail address like name@example.com.");
        }
        required(errors, "firstName", firstName, "Enter a first name.");
        required(errors, "lastName", lastName, "Enter a last name.");
        required(errors, "addressLine1", addressLine1, "Enter a street address.");
        required(errors, "city", city, "Enter a city.");
        required(errors, "postalCode", postalCode, "Enter a postal code.");
        required(errors, "country", country, "Choose a country.");
        tooLong(errors, "phone", phone);
        tooLong(errors, "state", state);
        return errors;
    }

    private static void required(Map<String, String> errors, String field, String value, String message) {
        if (value == null || value.trim().isEmpty()) {
            errors.put(field, message);
        } else {
            tooLong(errors, field, value);
        }
    }

    private static void tooLong(Map<String, String> errors, String field, String value) {
        if (value != null && value.length() > MAX_LENGTH) {
            errors.put(field, "Use at most " + MAX_LENGTH + " characters.");
        }
    }

    public String getEmailAddress() {
        return emailAddress;
    }

    public void setEmailAddress(String emailAddress) {
        this.emailAddress = emailAddress;
    }

    public String getFirstName() {
        return firstName;
    }

    public void setFirstName(String firstName) {
        this.firstName = firstName;
    }

    public String getLastName() {
        return lastName;
    }

    public void setLastName(String lastName) {
        this.lastName = lastName;
    }

    public String getPhone() {
        return phone;
    }

    public void setPhone(String phone) {
        this.phone = phone;
    }

    public String getAddressLine1() {
        return addressLine1;
    }

    public void setAddressLine1(String addressLine1) {
        this.addressLine1 = addressLine1;
    }

    public String getCity() {
        return city;
    }

    public void setCity(String city) {
        this.city = city;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getPostalCode() {
        return postalCode;
    }

    public void setPostalCode(String postalCode) {
        this.postalCode = postalCode;
    }

    public String getCountry() {
        return country;
    }

    public void setCountry(String country) {
        this.country = country;
    }
}
