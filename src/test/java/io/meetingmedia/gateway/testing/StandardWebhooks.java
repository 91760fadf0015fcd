package io.meetingmedia.gateway.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Standard Webhooks signatures computed independently of the product code, as Recall signs an upgrade request. */
public final class StandardWebhooks {
  private StandardWebhooks() {
  }

  /** @return the {@code v1,<base64 HMAC-SHA256>} entry over {@code id.timestamp.} (empty body) */
  public static String sign(String secret, String id, long timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
      return "v1," + Base64.getEncoder().encodeToString(
          mac.doFinal((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
