package armature.driver.dynamixel.controltable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class XControlTableTest {

    @Test
    void stateBlockMapsIndirectAddressesOntoEveryByteOfItsItemsInOrder() {
        assertThat(StateBlock.ADDRESS).isEqualTo(224);
        assertThat(StateBlock.LENGTH).isEqualTo(13);
        assertThat(StateBlock.LENGTH).isLessThanOrEqualTo(XControlTable.INDIRECT_SLOTS_BANK_1);
        byte[] a = StateBlock.indirectAddressBytes();
        int[] targets = new int[a.length / 2];
        for (int k = 0; k < targets.length; k++) {
            targets[k] = (a[2 * k] & 0xFF) | (a[2 * k + 1] & 0xFF) << 8;
        }
        // current 126-127, velocity 128-131, position 132-135, temperature 146, hw error 70,
        // torque enable 64: the offsets the decoder uses.
        assertThat(targets)
                .containsExactly(126, 127, 128, 129, 130, 131, 132, 133, 134, 135, 146, 70, 64);
        assertThat(targets[StateBlock.CURRENT_OFFSET]).isEqualTo(126);
        assertThat(targets[StateBlock.VELOCITY_OFFSET]).isEqualTo(128);
        assertThat(targets[StateBlock.POSITION_OFFSET]).isEqualTo(132);
        assertThat(targets[StateBlock.TEMPERATURE_OFFSET]).isEqualTo(146);
        assertThat(targets[StateBlock.HARDWARE_ERROR_OFFSET]).isEqualTo(70);
        assertThat(targets[StateBlock.TORQUE_ENABLE_OFFSET]).isEqualTo(64);
    }

    @Test
    void operatingModeValuesMatchTheXSeriesTable() {
        assertThat(OperatingMode.CURRENT.value()).isZero();
        assertThat(OperatingMode.VELOCITY.value()).isEqualTo(1);
        assertThat(OperatingMode.POSITION.value()).isEqualTo(3);
        assertThat(OperatingMode.EXTENDED_POSITION.value()).isEqualTo(4);
        assertThat(OperatingMode.CURRENT_BASED_POSITION.value()).isEqualTo(5);
        assertThat(OperatingMode.PWM.value()).isEqualTo(16);
        assertThat(OperatingMode.ofValue(2)).isNull();
        assertThat(OperatingMode.ofValue(5)).isEqualTo(OperatingMode.CURRENT_BASED_POSITION);
    }

    @Test
    void addressesMatchTheXSeriesTable() {
        assertThat(XControlTable.TORQUE_ENABLE.address()).isEqualTo(64);
        assertThat(XControlTable.HARDWARE_ERROR_STATUS.address()).isEqualTo(70);
        assertThat(XControlTable.BUS_WATCHDOG.address()).isEqualTo(98);
        assertThat(XControlTable.GOAL_CURRENT.address()).isEqualTo(102);
        assertThat(XControlTable.GOAL_VELOCITY.address()).isEqualTo(104);
        assertThat(XControlTable.GOAL_POSITION.address()).isEqualTo(116);
        assertThat(XControlTable.PRESENT_TEMPERATURE.address()).isEqualTo(146);
    }

    @Test
    void itemsDoNotOverlap() {
        XControlTable[] items = XControlTable.values();
        for (int i = 1; i < items.length; i++) {
            assertThat(items[i].address())
                    .as(items[i].name())
                    .isGreaterThanOrEqualTo(items[i - 1].address() + items[i - 1].size());
        }
    }

    @Test
    void decodesSignedAndUnsigned() {
        byte[] minusOne = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThat(XControlTable.PRESENT_POSITION.decode(minusOne, 0)).isEqualTo(-1);
        assertThat(XControlTable.PRESENT_CURRENT.decode(new byte[] {(byte) 0x9C, (byte) 0xFF}, 0))
                .isEqualTo(-100);
        assertThat(XControlTable.MODEL_NUMBER.decode(new byte[] {(byte) 0xFC, 0x03}, 0))
                .isEqualTo(1020);
        assertThat(XControlTable.GOAL_POSITION.encode(-2)).containsExactly(0xFE, 0xFF, 0xFF, 0xFF);
        assertThatThrownBy(() -> XControlTable.TORQUE_ENABLE.encode(256))
                .hasMessageContaining("TORQUE_ENABLE value=256 is outside 0..255");
    }

    @Test
    void unitsConvertToSi() {
        assertThat(XUnits.positionRad(2048)).isZero();
        assertThat(XUnits.positionRad(3072)).isCloseTo(Math.PI / 2, within(1e-12));
        assertThat(XUnits.positionRaw(-Math.PI / 2)).isEqualTo(1024);
        // 0.229 rpm per unit: 100 units = 22.9 rpm = 2.398 rad/s
        assertThat(XUnits.velocityRadPerSec(100)).isCloseTo(22.9 * 2 * Math.PI / 60, within(1e-12));
        assertThat(XUnits.currentAmp(-100)).isCloseTo(-0.269, within(1e-12));
        assertThat(XUnits.voltageVolt(119)).isCloseTo(11.9, within(1e-12));
        assertThat(XUnits.temperatureCelsius(36)).isEqualTo(36.0);
    }

    @Test
    void hardwareErrorBitsDecode() {
        assertThat(HardwareError.decode(0x01)).containsExactly(HardwareError.INPUT_VOLTAGE);
        assertThat(HardwareError.decode(0x04 | 0x20))
                .containsExactlyInAnyOrder(HardwareError.OVERHEATING, HardwareError.OVERLOAD);
        assertThat(HardwareError.decode(0x08 | 0x10))
                .containsExactlyInAnyOrder(
                        HardwareError.MOTOR_ENCODER, HardwareError.ELECTRICAL_SHOCK);
        assertThat(HardwareError.decode(0)).isEmpty();
    }

    @Test
    void baudRatesMapToItemValues() {
        assertThat(BaudRate.ofBitsPerSecond(57600).code()).isEqualTo(1);
        assertThat(BaudRate.ofBitsPerSecond(1_000_000).code()).isEqualTo(3);
        assertThat(BaudRate.ofBitsPerSecond(4_000_000).code()).isEqualTo(6);
        assertThatThrownBy(() -> BaudRate.ofBitsPerSecond(38400))
                .hasMessageContaining("baudRate=38400");
    }
}
