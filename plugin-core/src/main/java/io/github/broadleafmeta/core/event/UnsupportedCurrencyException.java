package io.github.broadleafmeta.core.event;

/**
 * A money amount is in a currency that is not ISO 4217 (e.g. {@code XYZ}, {@code BTC}). Meta would misread the
 * value, so the event is not built: the caller counts and logs it and the shopper's request goes on.
 */
public final class UnsupportedCurrencyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String currency;

    public UnsupportedCurrencyException(String currency) {
        super("custom_data.currency must be an ISO 4217 currency code, was: \"" + currency + "\"");
        this.currency = currency;
    }

    /** The refused code as given (a currency code, never customer data). */
    public String currency() {
        return currency;
    }
}
