package io.meetingmedia.gateway.adapter.support;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Jackson's node factory with object nodes on a {@link SmallObjectMap}: the adapters' trees are small and short-lived. */
final class SmallNodeFactory extends JsonNodeFactory {
  static final SmallNodeFactory INSTANCE = new SmallNodeFactory();
  private static final long serialVersionUID = 1L;

  private SmallNodeFactory() {
  }

  @Override
  public ObjectNode objectNode() {
    return new ObjectNode(this, new SmallObjectMap());
  }
}
