/**
 * BullMQ's signals a processor throws to steer its job (fail for good, wait out a rate limit, go
 * back to the delayed set), re-exported so that processors depend on the queue adapter, not on BullMQ.
 */
export { DelayedError, RateLimitError, UnrecoverableError } from "bullmq";
