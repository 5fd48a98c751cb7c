# Cairn's words for participants, in English. Reading age about 9: short sentences, everyday words,
# one idea at a time (a unit test measures it). Each message is a whole sentence: never join two.

site-name = Cairn
skip-to-content = Skip to main content
leave = Leave this page
leave-hint = Or press Shift 3 times
home-title = Have your say
home-intro = You know this service best. Tell us what works and what does not. We read every answer.
home-pick = Pick what you want to talk about
home-none = There is nothing to answer right now. Please come back soon.
about-why = Why we are asking
about-how-used = What we do with your answers
about-who-sees = Who reads your answers
about-what-next = What happens next
about-budget = Money and time
about-closes = Last day to answer
about-support = If this is hard to talk about
about-no-name = You do not need to give your name. You can skip any question.
about-start = Start
closed = This conversation has closed. Thank you to everyone who took part.
answer-hint-optional = You can leave this out.
listen-question = Listen to this question
listen-page = Listen to this page
consent-legend = What can we do with your words?
consent-hint = Tick the ones you are happy with. You can change your mind later.
consent-quote = You can share my words without my name
consent-board = You can show my answers to the board that runs the service
consent-updates = I want to hear what happens next
send = Send
draft-saved = Your answers are saved on this device as you type.
storage-off = This device cannot save your answers as you type. Please send them before you close this page.
error-summary-title = There is a problem
error-empty = Please answer at least one question before you send.
error-too-long = One answer is too long. Please make it shorter.
error-not-sent = We could not send that. Please try again.
field-problem-empty = Write an answer here, or answer another question.
field-problem-too-long = Make this answer shorter.
saved-offline = Saved on this device. It will send by itself when you are back online.
sending = Sending…
waiting-kept = They stay on this device until they are sent. Leave this page does not delete them.
sent-title = Thank you. We got your answers.
receipt-is = Your receipt code is
receipt-keep = Write it down or take a photo. You can use it later to see what we did.
done = Done
rejected-title = We could not take these answers
rejected-copy = Your words are below. You can copy them and try again.
rejected-said = Some answers could not be sent. Your words are below.
dismiss = Remove these answers from this device
dismiss-confirm = Remove these words from this device? You cannot get them back.
dismiss-yes = Yes, remove them
dismiss-no = No, keep them
receipt-what-you-said = What you said
receipt-removed = We took out some personal details, like names or phone numbers. This keeps you safe.
receipt-page-title = Your answers were sent
back-home = Back to the start
lookup-link = Check answers you sent, with your receipt code
lookup-title = Check your answers
lookup-intro = Type the receipt code you got when you sent your answers. It looks like ABCD-2345.
lookup-label = Receipt code
lookup-button = Check
lookup-bad = That does not look like a receipt code. It has 8 letters and numbers, like ABCD-2345.
lookup-bad-field = Type the code again. It looks like ABCD-2345.
receipt-not-found-title = We could not find that code
receipt-not-found = Check each letter and number, then try again. If you lost your code, a member of staff can help.
try-again = Try another code
withdraw-link = Take back your answers
withdraw-title = Take back your answers?
withdraw-explain = If you take them back, we delete your words. Nobody will read or use them. We cannot undo this.
withdraw-yes = Yes, delete my answers
withdraw-no = No, keep them
withdrawn-title = Your answers are deleted
withdrawn = You took back your answers. We deleted your words. Nobody can read them now.
receipt-read = Someone in our team has read your answers.
receipt-not-read = Nobody has read your answers yet. We read every answer.
receipt-actions = What we are doing about it
receipt-no-actions = We have not decided anything yet. When we do, you will see it here.
receipt-new = New
said-did-link = See what we did with what people told us
said-did-title = You said, we did
said-did-intro = You told us what you think. Here is what we are doing about it.
said-did-none = Nothing here yet. We are reading what you told us. Please come back soon.
said-did-heard = What you told us
said-did-about = This is about: { $themes }.
said-did-quotes = Some of your words
said-did-doing = What we are doing
said-did-why-not = Why we cannot do it
said-did-money = What it costs
said-did-when = When
said-did-who = Who decided
said-did-updates = News
wait-title = Please wait a few minutes
wait-receipts = There were many tries with receipt codes that do not match.
wait-help = If you are stuck, a member of staff can help.
busy-title = Cairn is very busy
wait-minutes = { $n ->
    [one] Please wait 1 minute, then try again.
   *[other] Please wait { $n } minutes, then try again.
}
offline-title = No signal
offline-body = This page is not saved on this device yet.
offline-again = Try again when you have signal.
not-found-title = Page not found
clear-device = Clear this device
clear-confirm = Clear this device now? What was written here will be deleted. Answers waiting to send are kept.
idle-title = Are you still there?
idle-stay = I'm still here
reach-legend = About you (you can skip these)
reach-hint = We ask so we can check we hear from all kinds of people. We only count these answers. We keep them apart from your words.
reach-skip = I would rather not say

## Words that change with a number
questions-count = { $n ->
    [one] 1 question
   *[other] { $n } questions
}
waiting-count = { $n ->
    [one] 1 answer is waiting to send.
   *[other] { $n } answers are waiting to send.
}
receipt-new-count = { $n ->
    [one] 1 new update since you last looked.
   *[other] { $n } new updates since you last looked.
}
idle-text = { $n ->
    [one] To keep your answers private, this page will clear in 1 second.
   *[other] To keep your answers private, this page will clear in { $n } seconds.
}

## The 5-point scale
scale-1 = Very unhappy
scale-2 = Unhappy
scale-3 = Okay
scale-4 = Happy
scale-5 = Very happy
scale-shown = { $n } of 5: { $word }

## Where an action is
status-considering = Thinking about it
status-planned = Planned
status-in-progress = Doing it now
status-done = Done
status-not-doing = Not doing
heading-considering = Things we are thinking about
heading-planned = Things we plan to do
heading-in-progress = Things we are doing now
heading-done = Things we have done
heading-not-doing = Things we cannot do, and why

## Why an answer could not be taken (the server sends a code; these are its words)
reject-invalid = Something in these answers was not right. Please try again.
reject-unknown-conversation = This conversation is not open any more.
reject-unknown-question = A question has changed since you started. Please try again.
reject-invalid-answer = One answer was not one of the choices. Please try again.
reject-too-long = One answer is too long. Please make it shorter.
reject-empty = There were no answers to send.
reject-forbidden = This device cannot send these answers.
reject-conflict = These answers were sent before in a different form. Please send them again.

## Problems
problem-not-found = We could not find that page.
problem-sign-in = Please sign in to see this page.
problem-forbidden = Your account cannot open this page.
problem-bad-input = That did not work. Check what you typed and try again.
problem-internal = Something went wrong on our side. Please try again in a minute.
problem-network = We could not reach Cairn. Check your signal and try again.
problem-busy = Cairn is very busy. Please try again in a minute.
error-title = Error: { $title }
answer-title = Questions: { $title }

## Language
language = Language

## Dates: 5 December 2026
date = { $day } { $month ->
    [1] January
    [2] February
    [3] March
    [4] April
    [5] May
    [6] June
    [7] July
    [8] August
    [9] September
    [10] October
    [11] November
   *[12] December
} { $year }
