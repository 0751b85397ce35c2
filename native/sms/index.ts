export { SmsError, deliveryState, deliveryErrorText, isPermanentDeliveryError, DELIVERY_ERRORS, E164, type DeliveryErrorCode, type DeliveryState, type SmsErrorCode, type SmsGateway, type SmsReceipt } from './sms-gateway';
export { TwilioSms, twilioSettingsSchema, smsErrorFromTwilio, type TwilioSettings } from './twilio-sms';
export { SimulatedSms } from './simulated-sms';
export { SmsCarrier, CarrierError, type CarrierMessage } from './carrier';
