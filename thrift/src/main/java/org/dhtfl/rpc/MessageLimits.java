package org.dhtfl.rpc;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.thrift.TBase;
import org.apache.thrift.TBaseProcessor;
import org.apache.thrift.TProcessor;
import org.apache.thrift.meta_data.FieldMetaData;
import org.apache.thrift.meta_data.FieldValueMetaData;
import org.apache.thrift.meta_data.ListMetaData;
import org.apache.thrift.meta_data.MapMetaData;
import org.apache.thrift.meta_data.SetMetaData;
import org.apache.thrift.meta_data.StructMetaData;
import org.apache.thrift.protocol.TType;

/**
 * What a request for one method may hold: the most elements of any one container in it, and the
 * least heap all its containers take together ({@link ChargedProtocol} charges them).
 *
 * <p>The limits follow from the IDL, read from the generated arguments' metadata: a method whose
 * arguments reach no binary and no list of doubles carries no data nor weights, only names, IDs,
 * paths and node references, which the ring keeps to a few hundred ({@link #ring}); a method that
 * carries data or weights (a job, a result, a hand-over, a query) may take what a message of the
 * largest size takes.
 */
record MessageLimits(String method, int maxElements, long maxHeapBytes) {

  /** The most elements of one container in a call that carries no data: paths, successor lists, fingers. */
  static final int RING_ELEMENTS = 1_024;
  /** The most heap the containers of a call that carries no data take. */
  static final long RING_HEAP_BYTES = 1 << 20;
  /**
   * How much more heap than wire bytes a message that carries data may take: a double is 8 bytes
   * on the wire and at least 20 on the heap (its box and the list's reference).
   */
  static final int HEAP_PER_WIRE_BYTE = 4;

  /** Limits of a call that carries no data. */
  static MessageLimits ring(String method) {
    return new MessageLimits(method, RING_ELEMENTS, RING_HEAP_BYTES);
  }

  /** Limits of a message that carries data, or of any message whose method is not known. */
  static MessageLimits carryingData(String method, int maxMessageBytes, int maxElements) {
    return new MessageLimits(method, maxElements, (long) HEAP_PER_WIRE_BYTE * maxMessageBytes);
  }

  static MessageLimits carryingData(int maxMessageBytes, int maxElements) {
    return carryingData("a message", maxMessageBytes, maxElements);
  }

  /** The limits of each method a generated processor serves; empty for any other processor. */
  static Map<String, MessageLimits> byMethod(TProcessor processor, RpcSettings settings) {
    Map<String, MessageLimits> limits = new HashMap<>();
    if (processor instanceof TBaseProcessor<?> generated) {
      generated.getProcessMapView().forEach((name, function) -> {
        TBase<?, ?> args = function.getEmptyArgsInstance();
        limits.put(name, carriesData(args.getClass(), new HashSet<>())
            ? carryingData(name, settings.maxMessageBytes(), settings.maxContainerElements())
            : ring(name));
      });
    }
    return Map.copyOf(limits);
  }

  /** Whether a struct reaches, through its fields, a binary or a list of doubles. */
  private static boolean carriesData(Class<?> struct, Set<Class<?>> seen) {
    if (!seen.add(struct)) {
      return false;
    }
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<?, FieldMetaData> fields = FieldMetaData.getStructMetaDataMap((Class) struct);
    for (FieldMetaData field : fields.values()) {
      if (carriesData(field.valueMetaData, seen)) {
        return true;
      }
    }
    return false;
  }

  private static boolean carriesData(FieldValueMetaData value, Set<Class<?>> seen) {
    if (value.isBinary()) {
      return true;
    }
    if (value instanceof ListMetaData list) {
      return list.elemMetaData.type == TType.DOUBLE || carriesData(list.elemMetaData, seen);
    }
    if (value instanceof SetMetaData set) {
      return carriesData(set.elemMetaData, seen);
    }
    if (value instanceof MapMetaData map) {
      return carriesData(map.keyMetaData, seen) || carriesData(map.valueMetaData, seen);
    }
    if (value instanceof StructMetaData struct) {
      return carriesData(struct.structClass, seen);
    }
    return false;
  }
}
