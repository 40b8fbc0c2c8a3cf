/** Messages of calendar feeds and e-mail subscriptions, German first; the English object must have the same keys. */
export const subscriptionsDe = {
  // iCalendar texts.
  'feeds.summary': 'Sitzung des {council}',
  'feeds.councilCalendar': 'Sitzungen – {council}',
  'feeds.cityCalendar': 'Sitzungen aller Integrationsbeiräte',
  'feeds.agenda': 'Tagesordnung (öffentlicher Teil):',
  'feeds.example': 'Beispiel: Diese Sitzung ist erfunden.',
  'feeds.moreInfo': 'Mehr zur Sitzung:',

  // The box on the meetings page, and the link on a meeting page.
  'feeds.box.title': 'Termine abonnieren',
  'feeds.box.text': 'Holen Sie sich die Sitzungen des {council} in Ihren Kalender. Ein Kalender-Abo zeigt auch spätere Änderungen und Absagen.',
  'feeds.box.webcal': 'Im Kalenderprogramm abonnieren',
  'feeds.box.https': 'Kalenderdatei (iCal) öffnen',
  'feeds.box.address': 'Adresse zum Abonnieren, zum Beispiel in Outlook oder im Google Kalender:',
  'feeds.box.mail': 'Lieber per E-Mail? Lassen Sie sich über Einladungen, Absagen und Änderungen benachrichtigen.',
  'feeds.box.mailLink': 'Benachrichtigung per E-Mail bestellen',
  'feeds.box.city': 'Sitzungen aller Integrationsbeiräte als Kalender-Abo',
  'feeds.meetingLink': 'In den Kalender (iCal)',

  // The city start page.
  'feeds.city.title': 'Keine Sitzung verpassen',
  'feeds.city.text': 'Die Termine aller Integrationsbeiräte gibt es als Kalender-Abo und als Benachrichtigung per E-Mail.',
  'feeds.city.calendar': 'Kalender-Abo aller Sitzungen',
  'feeds.city.mail': 'Benachrichtigung per E-Mail',

  // The subscription form.
  'subscriptions.form.title': 'Benachrichtigung über Sitzungen',
  'subscriptions.form.cityTitle': 'Benachrichtigung über die Sitzungen aller Integrationsbeiräte',
  'subscriptions.form.intro': 'Wir schicken Ihnen eine E-Mail, wenn der {council} zu einer Sitzung einlädt, eine Sitzung absagt oder sich Zeit oder Ort ändern.',
  'subscriptions.form.cityIntro': 'Wir schicken Ihnen eine E-Mail, wenn einer der Integrationsbeiräte in {city} zu einer Sitzung einlädt, eine Sitzung absagt oder sich Zeit oder Ort ändern.',
  'subscriptions.form.required': 'Alle Felder müssen ausgefüllt werden.',
  'subscriptions.form.email': 'E-Mail-Adresse',
  'subscriptions.form.emailHint': 'An diese Adresse schicken wir zuerst eine E-Mail mit einem Link, mit dem Sie die Anmeldung bestätigen.',
  'subscriptions.form.privacyTitle': 'Was mit Ihrer Adresse geschieht',
  'subscriptions.form.privacyText':
    'Wir speichern nur Ihre E-Mail-Adresse, die Sprache dieser Seite (damit die E-Mails in Ihrer Sprache ankommen) und wann Sie sich angemeldet und bestätigt haben. Wir verwenden die Angaben nur für Mitteilungen über Sitzungen. Bestätigen Sie die Anmeldung nicht, löschen wir die Adresse nach {days} Tagen. Jede E-Mail enthält einen Link zum Abmelden; damit löschen Sie Ihre Adresse sofort.',
  'subscriptions.form.consent': 'Ich bin einverstanden, dass meine E-Mail-Adresse und meine Sprache wie beschrieben gespeichert und für Mitteilungen über Sitzungen verwendet werden.',
  'subscriptions.form.honeypot': 'Dieses Feld bitte leer lassen',
  'subscriptions.form.submit': 'Anmelden',
  'subscriptions.form.calendarInstead': 'Sie möchten die Termine lieber im Kalender sehen?',
  'subscriptions.error.consent': 'Ohne Ihre Einwilligung können wir Ihnen keine E-Mails schicken.',

  'subscriptions.check.title': 'Bitte bestätigen Sie Ihre Anmeldung',
  'subscriptions.check.text':
    'Wir haben eine E-Mail an die angegebene Adresse geschickt. Erst wenn Sie den Link darin öffnen und die Anmeldung bestätigen, bekommen Sie Mitteilungen. Ist die Adresse schon angemeldet und bestätigt, ändert sich nichts.',
  'subscriptions.check.spam': 'Keine E-Mail angekommen? Sehen Sie bitte auch im Spam-Ordner nach. Der Link gilt {days} Tage.',
  'subscriptions.back': 'Zurück zu den Sitzungen',
  'subscriptions.backHome': 'Zur Startseite',

  // Confirming.
  'subscriptions.confirm.title': 'Anmeldung bestätigen',
  'subscriptions.confirm.text': 'Bestätigen Sie bitte, dass {email} Mitteilungen über die Sitzungen {scope} bekommen soll.',
  'subscriptions.confirm.submit': 'Anmeldung bestätigen',
  'subscriptions.confirmed.title': 'Ihre Anmeldung ist bestätigt',
  'subscriptions.confirmed.text': 'Ab jetzt bekommen Sie eine E-Mail, wenn zu einer Sitzung eingeladen wird, eine Sitzung ausfällt oder sich Zeit oder Ort ändern. Jede E-Mail enthält einen Link zum Abmelden.',
  'subscriptions.invalidConfirm.title': 'Dieser Bestätigungslink gilt nicht',
  'subscriptions.invalidConfirm.text':
    'Der Link ist ungültig oder abgelaufen, oder die Anmeldung ist schon bestätigt. Haben Sie die Anmeldung schon bestätigt, ist nichts weiter zu tun. Sonst melden Sie sich bitte noch einmal an.',
  'subscriptions.subscribeAgain': 'Zur Anmeldung',

  // Unsubscribing.
  'subscriptions.unsubscribe.title': 'Abmelden',
  'subscriptions.unsubscribe.text': 'Möchten Sie für {email} die Mitteilungen über die Sitzungen {scope} abbestellen? Ihre Adresse wird dann gelöscht.',
  'subscriptions.unsubscribe.submit': 'Abmelden',
  'subscriptions.unsubscribed.title': 'Sie sind abgemeldet',
  'subscriptions.unsubscribed.text': 'Sie bekommen keine Mitteilungen mehr, und Ihre Adresse ist gelöscht.',
  'subscriptions.invalidUnsubscribe.title': 'Dieser Abmeldelink gilt nicht',
  'subscriptions.invalidUnsubscribe.text': 'Der Link ist unvollständig oder verändert. Nutzen Sie bitte den Link aus der letzten E-Mail, die Sie von uns bekommen haben.',
  'subscriptions.scope.council': 'des {council}',
  'subscriptions.scope.city': 'aller Integrationsbeiräte in {city}',

  // Mails.
  'subscriptions.mail.confirm.subject': 'Bitte bestätigen Sie Ihre Anmeldung',
  'subscriptions.mail.confirm.text':
    'Guten Tag,\n\nSie möchten – oder jemand mit Ihrer E-Mail-Adresse möchte – Mitteilungen über die Sitzungen {scope} bekommen. Bitte bestätigen Sie die Anmeldung mit diesem Link:\n\n{link}\n\nDer Link gilt {days} Tage. Waren Sie das nicht, müssen Sie nichts tun: Ohne Bestätigung bekommen Sie keine weiteren E-Mails, und wir löschen Ihre Adresse nach {days} Tagen.\n\n{city}',
  'subscriptions.mail.subject.invited': 'Sitzung des {council} am {date}',
  'subscriptions.mail.subject.cancelled': 'Abgesagt: Sitzung des {council} am {date}',
  'subscriptions.mail.subject.changed': 'Geändert: Sitzung des {council} am {date}',
  'subscriptions.mail.lead.invited': 'der {council} lädt zu seiner öffentlichen Sitzung ein. Alle Einwohnerinnen und Einwohner sind herzlich eingeladen.',
  'subscriptions.mail.lead.cancelled': 'die Sitzung des {council} am {date} fällt aus.',
  'subscriptions.mail.lead.changed': 'bei der Sitzung des {council} hat sich etwas geändert. Hier ist der aktuelle Stand.',
  'subscriptions.mail.greeting': 'Guten Tag,',
  'subscriptions.mail.date': 'Datum: {date}',
  'subscriptions.mail.time': 'Uhrzeit: {time}',
  'subscriptions.mail.place': 'Ort: {place}',
  'subscriptions.mail.accessibility': 'Barrierefreiheit: {text}',
  'subscriptions.mail.agenda': 'Tagesordnung (öffentlicher Teil):',
  'subscriptions.mail.page': 'Alles zur Sitzung: {url}',
  'subscriptions.mail.feed': 'Alle Termine als Kalender-Abo: {url}',
  'subscriptions.mail.attachment': 'Im Anhang finden Sie den Termin zum Eintragen in Ihren Kalender.',
  'subscriptions.mail.why': 'Sie bekommen diese E-Mail, weil Sie Mitteilungen über die Sitzungen {scope} bestellt haben.',
  'subscriptions.mail.unsubscribe': 'Abmelden: {link}',
  'subscriptions.mail.unsubscribeScope': 'Abmelden von den Mitteilungen über die Sitzungen {scope}: {link}',

  // The privacy page.
  'legal.privacy.subscriptions.title': 'Benachrichtigung über Sitzungen per E-Mail',
  'legal.privacy.subscriptions.text':
    'Wer sich über Sitzungen per E-Mail benachrichtigen lässt, gibt uns seine E-Mail-Adresse; dazu speichern wir die Sprache der Seite und den Zeitpunkt der Anmeldung und der Bestätigung. Wir verwenden die Adresse nur für Mitteilungen über Sitzungen. Unbestätigte Anmeldungen löschen wir nach 7 Tagen, bestätigte mit dem Abmeldelink, der in jeder E-Mail steht.',
} as const;

export const subscriptionsEn: Record<keyof typeof subscriptionsDe, string> = {
  'feeds.summary': 'Meeting of the {council}',
  'feeds.councilCalendar': 'Meetings – {council}',
  'feeds.cityCalendar': 'Meetings of all integration councils',
  'feeds.agenda': 'Agenda (public part):',
  'feeds.example': 'Example: this meeting is invented.',
  'feeds.moreInfo': 'More about the meeting:',

  'feeds.box.title': 'Subscribe to the dates',
  'feeds.box.text': 'Get the meetings of the {council} into your calendar. A calendar subscription also shows later changes and cancellations.',
  'feeds.box.webcal': 'Subscribe in your calendar program',
  'feeds.box.https': 'Open the calendar file (iCal)',
  'feeds.box.address': 'Address to subscribe to, for example in Outlook or Google Calendar:',
  'feeds.box.mail': 'Prefer e-mail? Get notified of invitations, cancellations and changes.',
  'feeds.box.mailLink': 'Get notified by e-mail',
  'feeds.box.city': 'Meetings of all integration councils as a calendar subscription',
  'feeds.meetingLink': 'Add to calendar (iCal)',

  'feeds.city.title': 'Never miss a meeting',
  'feeds.city.text': 'The dates of all integration councils are available as a calendar subscription and as notifications by e-mail.',
  'feeds.city.calendar': 'Calendar subscription for all meetings',
  'feeds.city.mail': 'Notifications by e-mail',

  'subscriptions.form.title': 'Notifications about meetings',
  'subscriptions.form.cityTitle': 'Notifications about the meetings of all integration councils',
  'subscriptions.form.intro': 'We send you an e-mail when the {council} invites to a meeting, cancels a meeting, or its time or place changes.',
  'subscriptions.form.cityIntro': 'We send you an e-mail when one of the integration councils in {city} invites to a meeting, cancels a meeting, or its time or place changes.',
  'subscriptions.form.required': 'All fields must be filled in.',
  'subscriptions.form.email': 'E-mail address',
  'subscriptions.form.emailHint': 'We first send an e-mail to this address with a link to confirm the subscription.',
  'subscriptions.form.privacyTitle': 'What happens to your address',
  'subscriptions.form.privacyText':
    'We store only your e-mail address, the language of this page (so that the e-mails reach you in your language) and when you subscribed and confirmed. We use this only for notifications about meetings. If you do not confirm the subscription, we delete the address after {days} days. Every e-mail has a link to unsubscribe, which deletes your address at once.',
  'subscriptions.form.consent': 'I agree that my e-mail address and my language are stored as described and used for notifications about meetings.',
  'subscriptions.form.honeypot': 'Please leave this field empty',
  'subscriptions.form.submit': 'Subscribe',
  'subscriptions.form.calendarInstead': 'Would you rather see the dates in your calendar?',
  'subscriptions.error.consent': 'Without your consent we cannot send you e-mails.',

  'subscriptions.check.title': 'Please confirm your subscription',
  'subscriptions.check.text':
    'We have sent an e-mail to the address you gave. Only once you open the link in it and confirm will you get notifications. If the address is already subscribed and confirmed, nothing changes.',
  'subscriptions.check.spam': 'No e-mail? Please also look in your spam folder. The link is valid for {days} days.',
  'subscriptions.back': 'Back to the meetings',
  'subscriptions.backHome': 'Go to the home page',

  'subscriptions.confirm.title': 'Confirm your subscription',
  'subscriptions.confirm.text': 'Please confirm that {email} should get notifications about the meetings {scope}.',
  'subscriptions.confirm.submit': 'Confirm subscription',
  'subscriptions.confirmed.title': 'Your subscription is confirmed',
  'subscriptions.confirmed.text': 'From now on you get an e-mail when a meeting is called, cancelled, or its time or place changes. Every e-mail has a link to unsubscribe.',
  'subscriptions.invalidConfirm.title': 'This confirmation link is not valid',
  'subscriptions.invalidConfirm.text':
    'The link is invalid or has expired, or the subscription is already confirmed. If you have already confirmed it, there is nothing more to do. Otherwise please subscribe again.',
  'subscriptions.subscribeAgain': 'Go to the subscription form',

  'subscriptions.unsubscribe.title': 'Unsubscribe',
  'subscriptions.unsubscribe.text': 'Do you want to stop the notifications about the meetings {scope} for {email}? Your address will then be deleted.',
  'subscriptions.unsubscribe.submit': 'Unsubscribe',
  'subscriptions.unsubscribed.title': 'You are unsubscribed',
  'subscriptions.unsubscribed.text': 'You will get no more notifications, and your address has been deleted.',
  'subscriptions.invalidUnsubscribe.title': 'This unsubscribe link is not valid',
  'subscriptions.invalidUnsubscribe.text': 'The link is incomplete or has been altered. Please use the link from the last e-mail you got from us.',
  'subscriptions.scope.council': 'of the {council}',
  'subscriptions.scope.city': 'of all integration councils in {city}',

  'subscriptions.mail.confirm.subject': 'Please confirm your subscription',
  'subscriptions.mail.confirm.text':
    'Hello,\n\nYou – or someone using your e-mail address – asked for notifications about the meetings {scope}. Please confirm the subscription with this link:\n\n{link}\n\nThe link is valid for {days} days. If this was not you, there is nothing to do: without confirmation you get no further e-mails, and we delete your address after {days} days.\n\n{city}',
  'subscriptions.mail.subject.invited': 'Meeting of the {council} on {date}',
  'subscriptions.mail.subject.cancelled': 'Cancelled: meeting of the {council} on {date}',
  'subscriptions.mail.subject.changed': 'Changed: meeting of the {council} on {date}',
  'subscriptions.mail.lead.invited': 'The {council} invites you to its public meeting. All residents are warmly invited.',
  'subscriptions.mail.lead.cancelled': 'The meeting of the {council} on {date} is cancelled.',
  'subscriptions.mail.lead.changed': 'Something has changed about the meeting of the {council}. Here is the current state.',
  'subscriptions.mail.greeting': 'Hello,',
  'subscriptions.mail.date': 'Date: {date}',
  'subscriptions.mail.time': 'Time: {time}',
  'subscriptions.mail.place': 'Place: {place}',
  'subscriptions.mail.accessibility': 'Accessibility: {text}',
  'subscriptions.mail.agenda': 'Agenda (public part):',
  'subscriptions.mail.page': 'All about the meeting: {url}',
  'subscriptions.mail.feed': 'All dates as a calendar subscription: {url}',
  'subscriptions.mail.attachment': 'The attached file puts the meeting into your calendar.',
  'subscriptions.mail.why': 'You get this e-mail because you asked for notifications about the meetings {scope}.',
  'subscriptions.mail.unsubscribe': 'Unsubscribe: {link}',
  'subscriptions.mail.unsubscribeScope': 'Unsubscribe from the notifications about the meetings {scope}: {link}',

  'legal.privacy.subscriptions.title': 'Notifications about meetings by e-mail',
  'legal.privacy.subscriptions.text':
    'If you ask for notifications about meetings by e-mail, you give us your e-mail address; we also store the language of the page and when you subscribed and confirmed. We use the address only for notifications about meetings. Unconfirmed subscriptions are deleted after 7 days, confirmed ones with the unsubscribe link that is in every e-mail.',
};
