package fr.passerelle.iae.connectors;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * What every partner client wraps its calls in: retries with exponential back-off (for the calls that may be
 * repeated) inside a count-based circuit breaker that, once open, lets one trial call through after {@code openFor}.
 * A 429 says "slow down", not "down": it never counts as a failure of the breaker.
 */
public final class PartnerGuard {

    private final CircuitBreaker breaker;
    private final Retry retry;

    /**
     * @param minimumCalls the breaker's window: it opens when {@code failureRate} % of that many calls failed
     * @param retried      which failures are worth trying again at once, after the back-off
     */
    public PartnerGuard(String name, int minimumCalls, float failureRate, Duration openFor, int attempts, Duration backoff,
                        Predicate<Throwable> retried) {
        this.breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(Math.max(minimumCalls, 1))
                .minimumNumberOfCalls(Math.max(minimumCalls, 1))
                .failureRateThreshold(failureRate)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .recordException(e -> e instanceof PartnerUnavailable u && !u.rateLimited())
                .build());
        this.retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(Math.max(attempts, 1))
                .intervalFunction(IntervalFunction.ofExponentialBackoff(backoff, 2.0))
                .retryOnException(retried)
                .build());
    }

    /** Runs {@code attempt} under the retry and the breaker; an open breaker becomes {@code whenOpen}'s failure. */
    public <T> T call(Supplier<T> attempt, Function<CallNotPermittedException, RuntimeException> whenOpen) {
        Supplier<T> guarded = CircuitBreaker.decorateSupplier(breaker, attempt);
        try {
            return Retry.decorateSupplier(retry, guarded).get();
        } catch (CallNotPermittedException e) {
            throw whenOpen.apply(e);
        }
    }

    /**
     * Runs {@code attempt} once, under the breaker alone: for a call that is not idempotent, which a failure whose
     * outcome is unknown must not repeat at once. Its failure is left to the caller's next turn.
     */
    public <T> T callOnce(Supplier<T> attempt, Function<CallNotPermittedException, RuntimeException> whenOpen) {
        try {
            return CircuitBreaker.decorateSupplier(breaker, attempt).get();
        } catch (CallNotPermittedException e) {
            throw whenOpen.apply(e);
        }
    }

    /** CLOSED, OPEN, HALF_OPEN… */
    public String state() {
        return breaker.getState().name();
    }
}
