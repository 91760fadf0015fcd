package io.meetingmedia.gateway.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an integration test: a real Kafka broker is injected as a {@link KafkaCluster} parameter. Start the gateway
 * with {@link TestGateway}, drive it with {@link WsClient}, read Kafka with {@link TopicReader}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KafkaExtension.class)
@Tag("integration")
@Timeout(120)
public @interface WithKafka {
}
