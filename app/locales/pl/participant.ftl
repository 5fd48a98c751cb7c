# Słowa Cairn dla uczestników, po polsku. Prosty język: krótkie zdania, zwykłe słowa, jedna myśl naraz.
# Piszemy do osoby na "ty". Każda wiadomość to całe zdanie: nigdy nie łączymy dwóch.

site-name = Cairn
skip-to-content = Przejdź do treści
leave = Wyjdź z tej strony
leave-hint = Albo naciśnij 3 razy Shift
home-title = Powiedz, co myślisz
home-intro = Znasz tę usługę najlepiej. Powiedz nam, co działa, a co nie. Czytamy każdą odpowiedź.
home-pick = Wybierz, o czym chcesz mówić
home-none = Teraz nie ma pytań. Zajrzyj do nas wkrótce.
about-why = Dlaczego pytamy
about-how-used = Co zrobimy z Twoimi odpowiedziami
about-who-sees = Kto czyta Twoje odpowiedzi
about-what-next = Co będzie dalej
about-budget = Pieniądze i czas
about-closes = Ostatni dzień na odpowiedź
about-support = Jeśli trudno Ci o tym mówić
about-no-name = Nie musisz podawać imienia. Możesz pominąć każde pytanie.
about-start = Zaczynam
closed = Ta rozmowa jest już zamknięta. Dziękujemy wszystkim, którzy wzięli udział.
answer-hint-optional = Możesz to pominąć.
listen-question = Posłuchaj tego pytania
listen-page = Posłuchaj tej strony
consent-legend = Co możemy zrobić z Twoimi słowami?
consent-hint = Zaznacz to, na co się zgadzasz. Możesz później zmienić zdanie.
consent-quote = Możecie pokazać moje słowa bez mojego imienia
consent-board = Możecie pokazać moje odpowiedzi zarządowi, który prowadzi tę usługę
consent-updates = Chcę wiedzieć, co będzie dalej
send = Wyślij
draft-saved = Twoje odpowiedzi zapisują się na tym urządzeniu, gdy piszesz.
storage-off = To urządzenie nie zapisze Twoich odpowiedzi. Wyślij je, zanim zamkniesz stronę.
error-summary-title = Jest problem
error-empty = Odpowiedz na co najmniej jedno pytanie. Potem wyślij.
error-too-long = Jedna odpowiedź jest za długa. Skróć ją, proszę.
error-not-sent = Nie udało się tego wysłać. Spróbuj jeszcze raz.
field-problem-empty = Napisz tu odpowiedź albo odpowiedz na inne pytanie.
field-problem-too-long = Skróć tę odpowiedź.
saved-offline = Zapisane na tym urządzeniu. Wyśle się samo, gdy wróci internet.
sending = Wysyłamy…
waiting-kept = Zostaną na tym urządzeniu, aż się wyślą. Przycisk „Wyjdź z tej strony” ich nie usuwa.
sent-title = Dziękujemy. Mamy Twoje odpowiedzi.
receipt-is = Twój kod potwierdzenia to
receipt-keep = Zapisz go albo zrób zdjęcie. Dzięki niemu zobaczysz później, co zrobiliśmy.
done = Gotowe
rejected-title = Nie mogliśmy przyjąć tych odpowiedzi
rejected-copy = Twoje słowa są niżej. Możesz je skopiować i spróbować jeszcze raz.
rejected-said = Niektórych odpowiedzi nie udało się wysłać. Twoje słowa są niżej.
dismiss = Usuń te odpowiedzi z tego urządzenia
dismiss-confirm = Usunąć te słowa z tego urządzenia? Nie da się ich odzyskać.
dismiss-yes = Tak, usuń je
dismiss-no = Nie, zostaw je
receipt-what-you-said = Co napisałeś lub napisałaś
receipt-removed = Usunęliśmy niektóre dane osobowe, na przykład imiona albo numery telefonów. To dla Twojego bezpieczeństwa.
receipt-page-title = Twoje odpowiedzi są wysłane
back-home = Wróć na początek
lookup-link = Sprawdź wysłane odpowiedzi kodem potwierdzenia
lookup-title = Sprawdź swoje odpowiedzi
lookup-intro = Wpisz kod potwierdzenia. Dostałeś go lub dostałaś po wysłaniu odpowiedzi. Wygląda tak: ABCD-2345.
lookup-label = Kod potwierdzenia
lookup-button = Sprawdź
lookup-bad = To nie wygląda na kod potwierdzenia. Kod ma 8 liter i cyfr, na przykład ABCD-2345.
lookup-bad-field = Wpisz kod jeszcze raz. Wygląda tak: ABCD-2345.
receipt-not-found-title = Nie znaleźliśmy tego kodu
receipt-not-found = Sprawdź każdą literę i cyfrę. Potem spróbuj jeszcze raz. Jeśli kod zginął, pomoże Ci ktoś z naszego zespołu.
try-again = Wpisz inny kod
withdraw-link = Wycofaj swoje odpowiedzi
withdraw-title = Wycofać Twoje odpowiedzi?
withdraw-explain = Jeśli je wycofasz, usuniemy Twoje słowa. Nikt ich nie przeczyta ani nie użyje. Tego nie da się cofnąć.
withdraw-yes = Tak, usuń moje odpowiedzi
withdraw-no = Nie, zostaw je
withdrawn-title = Twoje odpowiedzi są usunięte
withdrawn = Wycofałeś lub wycofałaś swoje odpowiedzi. Usunęliśmy Twoje słowa. Nikt ich już nie przeczyta.
receipt-read = Ktoś z naszego zespołu przeczytał Twoje odpowiedzi.
receipt-not-read = Nikt jeszcze nie przeczytał Twoich odpowiedzi. Czytamy każdą odpowiedź.
receipt-actions = Co z tym robimy
receipt-no-actions = Jeszcze nic nie postanowiliśmy. Gdy postanowimy, zobaczysz to tutaj.
receipt-new = Nowe
said-did-link = Zobacz, co zrobiliśmy z tym, co nam powiedziano
said-did-title = Mówiliście, zrobiliśmy
said-did-intro = Powiedzieliście nam, co myślicie. Oto co z tym robimy.
said-did-none = Na razie nic tu nie ma. Czytamy, co nam napisaliście. Zajrzyj wkrótce.
said-did-heard = Co nam powiedzieliście
said-did-about = Chodzi o: { $themes }.
said-did-quotes = Niektóre Wasze słowa
said-did-doing = Co robimy
said-did-why-not = Dlaczego nie możemy tego zrobić
said-did-money = Ile to kosztuje
said-did-when = Kiedy
said-did-who = Kto zdecydował
said-did-updates = Nowości
wait-title = Poczekaj kilka minut
wait-receipts = Było wiele prób z kodami, które nie pasują.
wait-help = Jeśli nie wiesz, co zrobić, pomoże Ci ktoś z naszego zespołu.
busy-title = Cairn ma teraz dużo pracy
wait-minutes = { $n ->
    [one] Poczekaj 1 minutę. Potem spróbuj jeszcze raz.
    [few] Poczekaj { $n } minuty. Potem spróbuj jeszcze raz.
   *[many] Poczekaj { $n } minut. Potem spróbuj jeszcze raz.
}
offline-title = Brak internetu
offline-body = Ta strona nie jest jeszcze zapisana na tym urządzeniu.
offline-again = Spróbuj jeszcze raz, gdy wróci internet.
not-found-title = Nie ma takiej strony
clear-device = Wyczyść to urządzenie
clear-confirm = Wyczyścić teraz to urządzenie? To, co tu napisano, zostanie usunięte. Odpowiedzi, które czekają na wysłanie, zostaną.
idle-title = Jesteś tam jeszcze?
idle-stay = Tak, jestem
reach-legend = O Tobie (możesz to pominąć)
reach-hint = Pytamy, żeby sprawdzić, czy słyszymy różnych ludzi. Tylko liczymy te odpowiedzi. Trzymamy je osobno od Twoich słów.
reach-skip = Wolę nie mówić

## Słowa, które zmieniają się z liczbą
questions-count = { $n ->
    [one] 1 pytanie
    [few] { $n } pytania
   *[many] { $n } pytań
}
waiting-count = { $n ->
    [one] 1 odpowiedź czeka na wysłanie.
    [few] { $n } odpowiedzi czekają na wysłanie.
   *[many] { $n } odpowiedzi czeka na wysłanie.
}
receipt-new-count = { $n ->
    [one] 1 nowa wiadomość od Twojej ostatniej wizyty.
    [few] { $n } nowe wiadomości od Twojej ostatniej wizyty.
   *[many] { $n } nowych wiadomości od Twojej ostatniej wizyty.
}
idle-text = { $n ->
    [one] Dla Twojej prywatności ta strona wyczyści się za 1 sekundę.
    [few] Dla Twojej prywatności ta strona wyczyści się za { $n } sekundy.
   *[many] Dla Twojej prywatności ta strona wyczyści się za { $n } sekund.
}

## Skala od 1 do 5
scale-1 = Bardzo źle
scale-2 = Źle
scale-3 = Tak sobie
scale-4 = Dobrze
scale-5 = Bardzo dobrze
scale-shown = { $n } z 5: { $word }

## Co dzieje się ze sprawą
status-considering = Zastanawiamy się
status-planned = Planujemy
status-in-progress = Robimy to teraz
status-done = Zrobione
status-not-doing = Nie zrobimy
heading-considering = Nad tym się zastanawiamy
heading-planned = To planujemy zrobić
heading-in-progress = To robimy teraz
heading-done = To już zrobiliśmy
heading-not-doing = Tego nie możemy zrobić, i dlaczego

## Dlaczego nie mogliśmy przyjąć odpowiedzi
reject-invalid = Coś w tych odpowiedziach się nie zgadza. Spróbuj jeszcze raz.
reject-unknown-conversation = Ta rozmowa jest już zamknięta.
reject-unknown-question = Pytanie zmieniło się, gdy pisałeś lub pisałaś. Spróbuj jeszcze raz.
reject-invalid-answer = Jedna odpowiedź nie pasuje do żadnego wyboru. Spróbuj jeszcze raz.
reject-too-long = Jedna odpowiedź jest za długa. Skróć ją, proszę.
reject-empty = Nie było odpowiedzi do wysłania.
reject-forbidden = To urządzenie nie może wysłać tych odpowiedzi.
reject-conflict = Te odpowiedzi wysłano już wcześniej, ale inne. Wyślij je jeszcze raz.

## Problemy
problem-not-found = Nie znaleźliśmy tej strony.
problem-sign-in = Zaloguj się, żeby zobaczyć tę stronę.
problem-forbidden = Twoje konto nie może otworzyć tej strony.
problem-bad-input = To się nie udało. Sprawdź, co wpisałeś lub wpisałaś, i spróbuj jeszcze raz.
problem-internal = Coś poszło nie tak po naszej stronie. Spróbuj za minutę.
problem-network = Nie możemy połączyć się z Cairn. Sprawdź internet i spróbuj jeszcze raz.
problem-busy = Cairn ma teraz dużo pracy. Spróbuj za minutę.
error-title = Błąd: { $title }
answer-title = Pytania: { $title }

## Język
language = Język

## Daty: 5 grudnia 2026
date = { $day } { $month ->
    [1] stycznia
    [2] lutego
    [3] marca
    [4] kwietnia
    [5] maja
    [6] czerwca
    [7] lipca
    [8] sierpnia
    [9] września
    [10] października
    [11] listopada
   *[12] grudnia
} { $year }
