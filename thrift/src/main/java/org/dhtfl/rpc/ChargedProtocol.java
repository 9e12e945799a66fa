package org.dhtfl.rpc;

import java.util.Map;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMap;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolDecorator;
import org.apache.thrift.protocol.TSet;
import org.apache.thrift.protocol.TType;

/**
 * The reading side of a metered connection ({@link MeteredSocket}) that charges each container
 * before its elements are read: its declared count times the least heap one element takes, less
 * the bytes the transport already charged for them on the wire, against the method's
 * {@link MessageLimits} and the process's budget. An empty struct is one byte on the wire and at
 * least 20 on the heap; without this a message of 1 MB could hold 20 MB. Strings and binaries are
 * charged their declared length by the transport, which is their least heap.
 */
final class ChargedProtocol extends TProtocolDecorator {

  /** A reference to the element, in the list or the entry that holds it (compressed references). */
  private static final int REFERENCE = 4;
  /** A hash set's or map's entry: its node object, and its slot in the table. */
  private static final int HASH_ENTRY = 32 + REFERENCE;

  private final MessageMeter meter;
  private final Map<String, MessageLimits> limits;

  /**
   * @param limits the limits of each method whose request this protocol reads (empty on the
   *     calling side: answers have the meter's own limits)
   */
  ChargedProtocol(TProtocol protocol, Map<String, MessageLimits> limits) {
    super(protocol);
    this.meter = protocol.getTransport() instanceof MeteredSocket metered ? metered.meter : null;
    this.limits = limits;
  }

  @Override
  public TMessage readMessageBegin() throws TException {
    TMessage message = super.readMessageBegin();
    if (meter != null) {
      MessageLimits method = limits.get(message.name);
      if (method != null) {
        meter.limit(method);
      }
    }
    return message;
  }

  @Override
  public TList readListBegin() throws TException {
    TList list = super.readListBegin();
    charge(list.size, REFERENCE + leastHeap(list.elemType), list.elemType);
    return list;
  }

  @Override
  public TSet readSetBegin() throws TException {
    TSet set = super.readSetBegin();
    charge(set.size, HASH_ENTRY + leastHeap(set.elemType), set.elemType);
    return set;
  }

  @Override
  public TMap readMapBegin() throws TException {
    TMap map = super.readMapBegin();
    if (meter != null) {
      long wire = (long) getMinSerializedSize(map.keyType) + getMinSerializedSize(map.valueType);
      long perEntry = HASH_ENTRY + REFERENCE + leastHeap(map.keyType) + leastHeap(map.valueType);
      meter.container(map.size, map.size * Math.max(0, perEntry - wire));
    }
    return map;
  }

  private void charge(int count, long heapPerElement, byte elementType) throws TException {
    if (meter != null) {
      long wire = getMinSerializedSize(elementType);
      meter.container(count, count * Math.max(0, heapPerElement - wire));
    }
  }

  /**
   * The least heap one value of a type takes beyond the reference to it: nothing for the values
   * Java keeps boxed once (booleans, bytes, small integers), an object header and a field for the
   * others; a string or binary's bytes are charged by the transport.
   */
  static int leastHeap(byte type) {
    return switch (type) {
      case TType.BOOL, TType.BYTE, TType.I16, TType.I32, TType.I64 -> 0;
      case TType.DOUBLE -> 16;
      case TType.STRING -> 24;
      case TType.STRUCT, TType.UUID -> 16;
      case TType.LIST -> 24 + 16;
      case TType.SET, TType.MAP -> 48 + 16;
      default -> 16;
    };
  }
}
