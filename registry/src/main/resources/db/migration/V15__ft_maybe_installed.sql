-- PARTNERS §3.5: maj-pass-iae is not idempotent. An attempt that ended without a known outcome (timeout, network
-- error, 5xx) may have installed the follow-up; then an S015 at a later attempt of the same notification (same dates)
-- is that success. Kept across the attempts in between, whatever they end in, until a final status or new dates.
ALTER TABLE pass ADD COLUMN ft_maybe_installed boolean NOT NULL DEFAULT false;
ALTER TABLE cancelled_pass ADD COLUMN ft_maybe_installed boolean NOT NULL DEFAULT false;
