/** Why a supervisor took money or time off a stay: the reason codes payments.discount accepts. */
export const DISCOUNT_CODES = ['complaint', 'equipment_fault', 'goodwill', 'staff', 'other'] as const;
export type DiscountCode = (typeof DISCOUNT_CODES)[number];
