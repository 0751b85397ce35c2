/**
 * SMS texts per template and language. A message's body is rendered when it is queued and stored with it, so the
 * text an event sends never changes afterwards (and a crashed send can be recognised by its body).
 * Plain GSM-7 friendly wording, short enough for one or two segments; every unsolicited text says how to stop.
 */
export const TEMPLATE_IDS = ['stay.ending', 'receipt', 'reservation.confirmed', 'reservation.ending', 'reservation.reminder', 'reservation.cancelled'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];
export const LANGUAGES = ['en', 'de', 'fr', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];

interface Template {
  /** Unsolicited texts wait for the end of quiet hours; a receipt asked for at the booth does not. */
  readonly respectsQuietHours: boolean;
  readonly text: Record<Language, string>;
}

export const TEMPLATES: Record<TemplateId, Template> = {
  'stay.ending': {
    respectsQuietHours: true,
    text: {
      en: '{site}: the paid parking for {plate} ends at {time}. Reply STOP to opt out.',
      de: '{site}: Die bezahlte Parkzeit für {plate} endet um {time}. Antworten Sie STOP zum Abmelden.',
      fr: '{site} : le stationnement payé pour {plate} se termine à {time}. Répondez STOP pour vous désinscrire.',
      nl: '{site}: het betaalde parkeren voor {plate} eindigt om {time}. Antwoord STOP om af te melden.',
    },
  },
  receipt: {
    respectsQuietHours: false,
    text: {
      en: '{site} receipt {number}: {amount} for {plate}, {from} to {to}. Thank you.',
      de: '{site} Beleg {number}: {amount} für {plate}, {from} bis {to}. Vielen Dank.',
      fr: '{site} reçu {number} : {amount} pour {plate}, de {from} à {to}. Merci.',
      nl: '{site} bon {number}: {amount} voor {plate}, {from} tot {to}. Bedankt.',
    },
  },
  'reservation.confirmed': {
    respectsQuietHours: true,
    text: {
      en: '{site}: your space for {plate} is booked from {from}. Reply STOP to opt out.',
      de: '{site}: Ihr Stellplatz für {plate} ist ab {from} reserviert. Antworten Sie STOP zum Abmelden.',
      fr: '{site} : votre place pour {plate} est réservée à partir de {from}. Répondez STOP pour vous désinscrire.',
      nl: '{site}: uw plek voor {plate} is gereserveerd vanaf {from}. Antwoord STOP om af te melden.',
    },
  },
  'reservation.ending': {
    respectsQuietHours: true,
    text: {
      en: '{site}: the space booked for {plate} is held until {time}. Reply STOP to opt out.',
      de: '{site}: Der für {plate} reservierte Stellplatz wird bis {time} freigehalten. Antworten Sie STOP zum Abmelden.',
      fr: '{site} : la place réservée pour {plate} est gardée jusqu’à {time}. Répondez STOP pour vous désinscrire.',
      nl: '{site}: de gereserveerde plek voor {plate} wordt vastgehouden tot {time}. Antwoord STOP om af te melden.',
    },
  },
  'reservation.reminder': {
    respectsQuietHours: true,
    text: {
      en: '{site}: a reminder, your space for {plate} is booked from {from}. Reply STOP to opt out.',
      de: '{site}: Erinnerung, Ihr Stellplatz für {plate} ist ab {from} reserviert. Antworten Sie STOP zum Abmelden.',
      fr: '{site} : rappel, votre place pour {plate} est réservée à partir de {from}. Répondez STOP pour vous désinscrire.',
      nl: '{site}: herinnering, uw plek voor {plate} is gereserveerd vanaf {from}. Antwoord STOP om af te melden.',
    },
  },
  'reservation.cancelled': {
    respectsQuietHours: false,
    text: {
      en: '{site}: your booking for {plate} from {from} is cancelled. Reply STOP to opt out.',
      de: '{site}: Ihre Reservierung für {plate} ab {from} ist storniert. Antworten Sie STOP zum Abmelden.',
      fr: '{site} : votre réservation pour {plate} à partir de {from} est annulée. Répondez STOP pour vous désinscrire.',
      nl: '{site}: uw reservering voor {plate} vanaf {from} is geannuleerd. Antwoord STOP om af te melden.',
    },
  },
};

/** 'de-AT' -> 'de'; a language we have no texts for falls back to English. */
export function languageOf(locale: string): Language {
  const base = locale.toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(base) ? (base as Language) : 'en';
}

export function renderSms(template: TemplateId, language: Language, values: Readonly<Record<string, string>>): string {
  return TEMPLATES[template].text[language].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`SMS template ${template} needs {${name}}`);
    return value;
  });
}
