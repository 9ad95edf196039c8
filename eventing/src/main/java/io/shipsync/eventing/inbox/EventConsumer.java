package io.shipsync.eventing.inbox;

/**
 * A service's reaction to the events of one channel. Its {@code @Incoming(channel())} method hands each
 * record to {@link Inbox#receive}; a dead letter from the channel's topic is redriven through the same
 * {@link #apply}.
 *
 * <pre>{@code
 * @Incoming(CHANNEL) @Blocking
 * public void on(ConsumerRecord<String, String> record) { inbox.receive(record, this); }
 * }</pre>
 */
public interface EventConsumer {

    /** The channel its {@code @Incoming} method reads; the topic is {@code mp.messaging.incoming.<channel>.topic}. */
    String channel();

    /** Applies one event inside the inbox's transaction. */
    void apply(ReceivedEvent event);
}
