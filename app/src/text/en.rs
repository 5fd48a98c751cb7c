//! English.

pub const SITE_NAME: &str = "Cairn";
pub const SKIP_TO_CONTENT: &str = "Skip to main content";
pub const LEAVE: &str = "Leave this page";
pub const LEAVE_HINT: &str = "Or press Shift 3 times";

// Conversation list.
pub const HOME_TITLE: &str = "Have your say";
pub const HOME_INTRO: &str =
    "You know this service best. Tell us what works and what does not. We read every answer.";
pub const HOME_PICK: &str = "Pick what you want to talk about";
pub const HOME_NONE: &str = "There is nothing to answer right now. Please come back soon.";
pub const QUESTIONS_COUNT: &str = "questions";

// Before the questions.
pub const ABOUT_WHY: &str = "Why we are asking";
pub const ABOUT_HOW_USED: &str = "What we do with your answers";
pub const ABOUT_WHO_SEES: &str = "Who reads your answers";
pub const ABOUT_WHAT_NEXT: &str = "What happens next";
pub const ABOUT_BUDGET: &str = "Money and time";
pub const ABOUT_CLOSES: &str = "Last day to answer";
pub const ABOUT_SUPPORT: &str = "If this is hard to talk about";
pub const ABOUT_NO_NAME: &str = "You do not need to give your name. You can skip any question.";
pub const ABOUT_START: &str = "Start";
pub const CLOSED: &str = "This conversation has closed. Thank you to everyone who took part.";

// Questions.
pub const ANSWER_HINT_OPTIONAL: &str = "You can leave this out.";
pub const SCALE_WORDS: [&str; 5] = ["Very unhappy", "Unhappy", "Okay", "Happy", "Very happy"];
pub const CONSENT_LEGEND: &str = "What can we do with your words?";
pub const CONSENT_HINT: &str = "Tick the ones you are happy with. You can change your mind later.";
pub const CONSENT_QUOTE: &str = "You can share my words without my name";
pub const CONSENT_BOARD: &str = "You can show my answers to the board that runs the service";
pub const CONSENT_UPDATES: &str = "I want to hear what happens next";
pub const SEND: &str = "Send";
pub const DRAFT_SAVED: &str = "Your answers are saved on this device as you type.";
pub const STORAGE_OFF: &str =
    "This device cannot save your answers as you type. Please send them before you close this page.";
pub const ERROR_SUMMARY_TITLE: &str = "There is a problem";
pub const ERROR_EMPTY: &str = "Please answer at least one question before you send.";
pub const ERROR_TOO_LONG: &str = "One answer is too long. Please make it shorter.";
pub const ERROR_NOT_SENT: &str = "We could not send that. Please try again.";

// Outbox and receipts.
pub const SAVED_OFFLINE: &str =
    "Saved on this phone. It will send by itself when you are back online.";
pub const SENDING: &str = "Sending…";
pub const WAITING_ONE: &str = "1 answer is waiting to send.";
pub const WAITING_MANY: &str = "answers are waiting to send.";
/// Leaving, or clearing a shared device, keeps answers that have not been sent yet.
pub const WAITING_KEPT: &str =
    "They stay on this device until they are sent. Leave this page does not delete them.";
pub const SENT_TITLE: &str = "Thank you. We got your answers.";
pub const RECEIPT_IS: &str = "Your receipt code is";
pub const RECEIPT_KEEP: &str =
    "Write it down or take a photo. You can use it later to see what we did.";
pub const DONE: &str = "Done";
pub const REJECTED_TITLE: &str = "We could not take these answers";
pub const REJECTED_COPY: &str = "Your words are below. You can copy them and try again.";
pub const DISMISS: &str = "Remove";

// Receipt page (no-JavaScript path).
pub const RECEIPT_WHAT_YOU_SAID: &str = "What you said";
pub const RECEIPT_REMOVED: &str =
    "We took out some personal details, like names or phone numbers. This keeps you safe.";
pub const RECEIPT_PAGE_TITLE: &str = "Your answers were sent";
pub const BACK_HOME: &str = "Back to the start";

// Checking a receipt, and taking answers back.
pub const LOOKUP_LINK: &str = "Check answers you sent, with your receipt code";
pub const LOOKUP_TITLE: &str = "Check your answers";
pub const LOOKUP_INTRO: &str =
    "Type the receipt code you got when you sent your answers. It looks like ABCD-2345.";
pub const LOOKUP_LABEL: &str = "Receipt code";
pub const LOOKUP_BUTTON: &str = "Check";
pub const LOOKUP_BAD: &str =
    "That does not look like a receipt code. It has 8 letters and numbers, like ABCD-2345.";
pub const RECEIPT_NOT_FOUND_TITLE: &str = "We could not find that code";
pub const RECEIPT_NOT_FOUND: &str =
    "Check each letter and number, then try again. If you lost your code, a member of staff can help.";
pub const TRY_AGAIN: &str = "Try another code";
pub const WITHDRAW_LINK: &str = "Take back your answers";
pub const WITHDRAW_TITLE: &str = "Take back your answers?";
pub const WITHDRAW_EXPLAIN: &str =
    "If you take them back, we delete your words. Nobody will read or use them. We cannot undo this.";
pub const WITHDRAW_YES: &str = "Yes, delete my answers";
pub const WITHDRAW_NO: &str = "No, keep them";
pub const WITHDRAWN_TITLE: &str = "Your answers are deleted";
pub const WITHDRAWN: &str =
    "You took back your answers. We deleted your words. Nobody can read them now.";

// What happened to what people said.
pub const RECEIPT_READ: &str = "Someone in our team has read your answers.";
pub const RECEIPT_NOT_READ: &str = "Nobody has read your answers yet. We read every answer.";
pub const RECEIPT_ACTIONS: &str = "What we are doing about it";
pub const RECEIPT_NO_ACTIONS: &str =
    "We have not decided anything yet. When we do, you will see it here.";
pub const RECEIPT_NEW: &str = "New";
pub const RECEIPT_NEW_ONE: &str = "1 new update since you last looked.";
pub const RECEIPT_NEW_MANY: &str = "new updates since you last looked.";
pub const SAID_DID_LINK: &str = "See what we did with what people told us";
pub const SAID_DID_TITLE: &str = "You said, we did";
pub const SAID_DID_INTRO: &str = "You told us what you think. Here is what we are doing about it.";
pub const SAID_DID_NONE: &str =
    "Nothing here yet. We are reading what you told us. Please come back soon.";
pub const SAID_DID_HEARD: &str = "What you told us";
pub const SAID_DID_ABOUT: &str = "This is about:";
pub const SAID_DID_QUOTES: &str = "Some of your words";
pub const SAID_DID_DOING: &str = "What we are doing";
pub const SAID_DID_WHY_NOT: &str = "Why we cannot do it";
pub const SAID_DID_MONEY: &str = "What it costs";
pub const SAID_DID_WHEN: &str = "When";
pub const SAID_DID_WHO: &str = "Who decided";
pub const SAID_DID_UPDATES: &str = "News";

// Not found.
pub const NOT_FOUND_TITLE: &str = "Page not found";

// Shared device (participant pages; the switch is on the staff page below).
pub const CLEAR_DEVICE: &str = "Clear this device";
pub const IDLE_TITLE: &str = "Are you still there?";
pub const IDLE_TEXT_BEFORE: &str = "To keep your answers private, this page will clear in";
pub const IDLE_TEXT_AFTER: &str = "seconds.";
pub const IDLE_STAY: &str = "I'm still here";

// Collect in the field (staff).
pub const FIELD_TITLE: &str = "Collect in the field";
pub const FIELD_INTRO: &str = "Write down what people tell you, one person at a time. Entries are kept on this device and send by themselves when there is signal. Open this page once while online, then it works with no signal too.";
pub const FIELD_PICK: &str = "Choose a conversation";
pub const FIELD_NONE: &str = "No conversation is open right now.";
pub const FIELD_NO_JS: &str =
    "Collecting in the field needs JavaScript. Switch it on, or use the participant page instead.";
pub const FIELD_PLACE_LABEL: &str = "Event or place (optional)";
pub const FIELD_PLACE_HINT: &str =
    "For example: Tuesday drop-in. It stays filled in for the next person.";
pub const FIELD_CONSENT_LEGEND: &str = "What did they agree to?";
pub const FIELD_CONSENT_HINT: &str = "Tick only what they chose. Read each one out to them.";
pub const FIELD_EXPLAINED: &str =
    "I explained how their answers will be used, and they chose the options above";
pub const FIELD_SAVE: &str = "Save entry";
pub const FIELD_SAVED: &str = "Entry saved. Ready for the next person.";
pub const FIELD_ERROR_EXPLAINED: &str =
    "Tick the box to say you explained how their answers will be used.";
pub const FIELD_ERROR_STORAGE: &str = "This device cannot keep entries (private browsing, or storage is full). Free some space or leave private browsing, then try again.";
pub const FIELD_ALL_SENT: &str = "No entries waiting to send.";
pub const FIELD_WAITING_ONE: &str = "1 entry waiting to send.";
pub const FIELD_WAITING_MANY: &str = "entries waiting to send.";
pub const FIELD_LAST_SENT: &str = "Last sent at";
pub const FIELD_NEVER_SENT: &str = "Nothing sent from this device yet.";
pub const FIELD_SIGN_IN: &str =
    "Your sign-in has run out. Your entries are safe on this device. Sign in again to send them.";
pub const FIELD_SIGN_IN_LINK: &str = "Sign in again";
pub const FIELD_REJECTED: &str = "The server refused these entries";
pub const FIELD_REJECTED_COPY: &str = "The words are below, so you can enter them again.";
pub const SHARED_TITLE: &str = "Shared device";
pub const SHARED_INTRO: &str = "Switch this on for a tablet or computer that many people use, like one at a drop-in. After each person sends their answers, or stops using it for a while, Cairn clears their answers and choices from the device and goes back to the start. A \u{201c}Clear this device\u{201d} button is always on screen. Answers still waiting to send are kept until they send. Switching it on signs you out on this device, so the next person cannot open staff pages.";
pub const SHARED_IDLE_LABEL: &str = "Clear after this long without use";
pub const SHARED_ON: &str = "Use as a shared device";
pub const SHARED_OFF: &str = "Stop using as a shared device";
pub const SHARED_IS_ON: &str = "This device is a shared device.";
pub const SHARED_IS_OFF: &str = "This device is not a shared device.";

// Reach (participant form).
pub const REACH_LEGEND: &str = "About you (you can skip these)";
pub const REACH_HINT: &str = "We ask so we can check we hear from all kinds of people. We only count these answers. We keep them apart from your words.";
pub const REACH_SKIP: &str = "I would rather not say";
