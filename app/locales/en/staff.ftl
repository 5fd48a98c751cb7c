# Words on staff pages, in English (not translated yet: other languages fall back to these).

field-title = Collect in the field
field-intro = Write down what people tell you, one person at a time. Entries are kept on this device and send by themselves when there is signal. Open this page once while online, then it works with no signal too.
field-pick = Choose a conversation
field-none = No conversation is open right now.
field-no-js = Collecting in the field needs JavaScript. Switch it on, or use the participant page instead.
field-place-label = Event or place (optional)
field-place-hint = For example: Tuesday drop-in. It stays filled in for the next person.
field-consent-legend = What did they agree to?
field-consent-hint = Tick only what they chose. Read each one out to them.
field-explained = I explained how their answers will be used, and they chose the options above
field-save = Save entry
field-saved = Entry saved. Ready for the next person.
field-error-explained = Tick the box to say you explained how their answers will be used.
field-error-storage = This device cannot keep entries (private browsing, or storage is full). Free some space or leave private browsing, then try again.
field-never-sent = Nothing sent from this device yet.
field-sign-in = Your sign-in has run out. Your entries are safe on this device. Sign in again to send them.
field-sign-in-link = Sign in again
field-rejected = The server refused these entries
field-rejected-copy = The words are below, so you can enter them again.
shared-title = Shared device
shared-intro = Switch this on for a tablet or computer that many people use, like one at a drop-in. After each person sends their answers, or stops using it for a while, Cairn clears their answers and choices from the device and goes back to the start. A “Clear this device” button is always on screen. Answers still waiting to send are kept until they send. Switching it on signs you out on this device, so the next person cannot open staff pages.
shared-idle-label = Clear after this long without use
shared-on = Use as a shared device
shared-off = Stop using as a shared device
shared-is-on = This device is a shared device.
shared-is-off = This device is not a shared device.

field-all-sent = No entries waiting to send.
field-count = { $n ->
    [one] 1 entry waiting to send.
   *[other] { $n } entries waiting to send.
}
field-last-sent = Last sent at { $time }
wait-sign-in = There were many sign-in tries that did not work.
