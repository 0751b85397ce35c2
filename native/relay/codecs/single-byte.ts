/**
 * One-relay serial modules switched by a single byte, no answer: the HW-667 / "E-3" CH340 board (9600 8N1):
 * 0xAA switches the relay on, 0xBB off (0xCC, a one-second jog, is not used: the lane times its own pulse).
 */
export const SINGLE_BYTE_ON = 0xaa;
export const SINGLE_BYTE_OFF = 0xbb;

export function encodeSingleByte(on: boolean): Uint8Array {
  return Uint8Array.of(on ? SINGLE_BYTE_ON : SINGLE_BYTE_OFF);
}
