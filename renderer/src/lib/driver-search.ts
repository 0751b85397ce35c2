import type { CallInput } from '../api';

/**
 * One search box for name, phone, email and plate (the Drivers screen, and picking the driver of a booking): the
 * text always searches names, phones and emails; it is also tried as a plate (fuzzy) when it could be one (letters,
 * digits, spaces and dashes with a digit among them, up to 16 characters), so "AB12 CDE" finds the car's driver and
 * "Jane" her record.
 */
export function driverSearchOf(typed: string, limit = 50): CallInput<'drivers.search'> {
  const text = typed.trim();
  if (text === '') return { limit };
  const plateLike = /^[A-Za-z0-9 -]{2,16}$/.test(text) && /\d/.test(text);
  return { text, ...(plateLike ? { plate: text } : {}), limit };
}
