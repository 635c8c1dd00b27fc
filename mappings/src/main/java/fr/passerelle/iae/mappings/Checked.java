package fr.passerelle.iae.mappings;

import java.util.function.Function;

/** The outcome of validating one value or record: the valid value, or the rejection that says why not. */
public sealed interface Checked<T> permits Checked.Valid, Checked.Invalid {

    record Valid<T>(T value) implements Checked<T> {
    }

    record Invalid<T>(Rejection rejection) implements Checked<T> {
    }

    static <T> Checked<T> valid(T value) {
        return new Valid<>(value);
    }

    static <T> Checked<T> invalid(String rule, String code, String field, String message) {
        return new Invalid<>(new Rejection(rule, code, field, message));
    }

    default boolean isValid() {
        return this instanceof Valid<T>;
    }

    /** The value; throws {@link RejectedException} carrying the rejection when invalid. */
    default T orThrow() {
        if (this instanceof Valid<T> v) {
            return v.value();
        }
        throw new RejectedException(((Invalid<T>) this).rejection());
    }

    default <R> Checked<R> map(Function<T, R> f) {
        if (this instanceof Valid<T> v) {
            return new Valid<>(f.apply(v.value()));
        }
        return new Invalid<>(((Invalid<T>) this).rejection());
    }
}
