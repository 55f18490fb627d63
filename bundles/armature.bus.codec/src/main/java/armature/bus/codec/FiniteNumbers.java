package armature.bus.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Arrays;

/**
 * Serializers and deserializers for double and float that refuse NaN and infinity. JSON has no such
 * numbers: Jackson would write them as the strings "NaN"/"Infinity" (which other JSON readers take
 * for text or reject) and would read those strings, and numbers like 1e400, back as non-finite
 * values that then reach control code. Bean, list and map (de)serializers add the field path to the
 * errors thrown here.
 */
final class FiniteNumbers {
    private FiniteNumbers() {}

    static SimpleModule module() {
        SimpleModule m = new SimpleModule("armature-finite-numbers");
        m.addSerializer(Double.class, new Boxed<>(Double.class));
        m.addSerializer(Double.TYPE, new Boxed<>(Double.class));
        m.addSerializer(Float.class, new Boxed<>(Float.class));
        m.addSerializer(Float.TYPE, new Boxed<>(Float.class));
        m.addSerializer(double[].class, new Doubles());
        m.addSerializer(float[].class, new Floats());
        m.addDeserializer(Double.class, new FiniteScalar<>(Double.class, false));
        m.addDeserializer(Double.TYPE, new FiniteScalar<>(Double.TYPE, false));
        m.addDeserializer(Float.class, new FiniteScalar<>(Float.class, true));
        m.addDeserializer(Float.TYPE, new FiniteScalar<>(Float.TYPE, true));
        m.addDeserializer(double[].class, new DoubleArray());
        m.addDeserializer(float[].class, new FloatArray());
        return m;
    }

    private static JsonMappingException notFinite(
            SerializerProvider provider, String where, double value) {
        return JsonMappingException.from(
                provider, where + value + " is not a finite number; JSON has no NaN or Infinity");
    }

    /** Reads the current token as a finite number; anything else names what was found. */
    static double readFinite(JsonParser p, Class<?> type, boolean asFloat) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            String found =
                    t == JsonToken.VALUE_STRING
                            ? "string \"" + p.getText() + "\""
                            : String.valueOf(t);
            throw MismatchedInputException.from(p, type, "expected a number, found " + found);
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d) || (asFloat && !Float.isFinite((float) d))) {
            throw MismatchedInputException.from(
                    p,
                    type,
                    p.getText() + " is out of range for " + (asFloat ? "float" : "double"));
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    private static final class FiniteScalar<T> extends StdScalarDeserializer<T> {
        private static final long serialVersionUID = 1L;
        private final boolean asFloat;

        FiniteScalar(Class<?> type, boolean asFloat) {
            super(type);
            this.asFloat = asFloat;
        }

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            double d = readFinite(p, handledType(), asFloat);
            // Boxed explicitly: a conditional of Float and Double would unbox to double.
            Object boxed = asFloat ? (Object) Float.valueOf((float) d) : (Object) Double.valueOf(d);
            return (T) boxed;
        }

        @Override
        public T getNullValue(DeserializationContext ctxt) throws JsonMappingException {
            if (handledType().isPrimitive()) {
                throw MismatchedInputException.from(
                        ctxt.getParser(), handledType(), "null is not a number");
            }
            return null;
        }
    }

    private static final class DoubleArray extends StdDeserializer<double[]> {
        private static final long serialVersionUID = 1L;

        DoubleArray() {
            super(double[].class);
        }

        @Override
        public double[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.isExpectedStartArrayToken()) {
                throw MismatchedInputException.from(
                        p,
                        double[].class,
                        "expected an array of numbers, found " + p.currentToken());
            }
            double[] values = new double[16];
            int n = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                try {
                    values[n] = readFinite(p, double.class, false);
                } catch (JsonMappingException e) {
                    e.prependPath(values, n);
                    throw e;
                }
                n++;
            }
            return Arrays.copyOf(values, n);
        }
    }

    private static final class FloatArray extends StdDeserializer<float[]> {
        private static final long serialVersionUID = 1L;

        FloatArray() {
            super(float[].class);
        }

        @Override
        public float[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.isExpectedStartArrayToken()) {
                throw MismatchedInputException.from(
                        p,
                        float[].class,
                        "expected an array of numbers, found " + p.currentToken());
            }
            float[] values = new float[16];
            int n = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                try {
                    values[n] = (float) readFinite(p, float.class, true);
                } catch (JsonMappingException e) {
                    e.prependPath(values, n);
                    throw e;
                }
                n++;
            }
            return Arrays.copyOf(values, n);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class Boxed<T extends Number> extends StdSerializer<T> {
        private static final long serialVersionUID = 1L;

        Boxed(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator g, SerializerProvider provider)
                throws IOException {
            double d = value.doubleValue();
            if (!Double.isFinite(d)) {
                throw notFinite(provider, "value ", d);
            }
            if (value instanceof Float f) {
                g.writeNumber(f);
            } else {
                g.writeNumber(d);
            }
        }
    }

    private static final class Doubles extends StdSerializer<double[]> {
        private static final long serialVersionUID = 1L;

        Doubles() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] values, JsonGenerator g, SerializerProvider provider)
                throws IOException {
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    throw notFinite(provider, "element [" + i + "] ", values[i]);
                }
            }
            g.writeArray(values, 0, values.length);
        }
    }

    private static final class Floats extends StdSerializer<float[]> {
        private static final long serialVersionUID = 1L;

        Floats() {
            super(float[].class);
        }

        @Override
        public void serialize(float[] values, JsonGenerator g, SerializerProvider provider)
                throws IOException {
            g.writeStartArray(values, values.length);
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw notFinite(provider, "element [" + i + "] ", values[i]);
                }
                g.writeNumber(values[i]);
            }
            g.writeEndArray();
        }
    }
}
