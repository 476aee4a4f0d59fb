"""Strings of `empathy new`, including the commented skeletons it writes.

The skeletons are whole YAML files with ``{id}``, ``{lang}``, ``{playbook}`` and ``{path}``
placeholders (so they contain no other braces: conditions use block mappings). Each must
pass `empathy validate` as written: `tests/test_new.py` checks that in every language.
"""

SCENARIO_EN = """\
# A rehearsal scenario for empathy-cli: a branching role-play against a simulated client
# whose mood reacts to what the trainee says.
#
# This is a working example: replace its text with your own and keep the structure.
#   check it as you go:   empathy validate {path}
#   read it:              empathy scenarios show {id} --lang {lang}
#   see the flow:         empathy scenarios graph {id} --lang {lang}
#   rehearse it:          empathy rehearse {id} --lang {lang}
# (show, graph and rehearse find it when it is in your playbooks folder or a --playbooks folder.)
# Every field is described by `empathy schema scenario` (point your editor at it to check
# while you type).

kind: scenario            # always "scenario"
id: "{id}"                # stable id: a-z, 0-9, - and _; the same in every translation
lang: "{lang}"            # language of the text in this file; a translation is a copy with another lang
title: "A client kept waiting"   # shown in lists and at the start of a rehearsal
description: >-           # optional: what the scenario practises, for trainers
  A client has waited forty minutes past their appointment time and nobody has said why.
  Practise listening first, naming the frustration, offering real options and writing it down.
playbook: "{playbook}"    # id of a playbook in the same language: its phrases and wording
                          # signals give hints and judge replies the trainee types
tags: [waiting, complaint]   # optional: topics, to find the scenario

# Who the trainee talks to.
persona:
  name: "Alex Morgan"     # the client's name, shown before each of their lines
  role: "client"          # optional: who they are
  context: >-             # optional: what happened before; shown before the first line
    Alex's appointment was at 10:00. It is 10:40 and nobody has explained the delay.
  mood: 6                 # starting mood: 0 calm … 10 furious
  # optional: variants, so repeated rehearsals differ (each run plays one, by --seed or --variant):
  # variants:
  #   - id: standard        # the persona as written
  #   - id: volatile
  #     temperament: 1.4    # mood changes × 1.4 (0.5 … 1.5)
  #     mood: 5             # its own starting mood
  #     lines:              # what the client says instead at some nodes
  #       - node: opening
  #         say: "Forty minutes! Is anybody in charge here?"

start: opening            # id of the first node

# Rules jump to a node or an ending when the mood crosses a threshold. They are checked
# after every reply. A condition has mood_at_least and/or mood_at_most; `once: true`
# (the default) fires a rule at most once per rehearsal.
rules:
  - when:
      mood_at_least: 9
    goto: unsafe
    once: true

# Nodes: the client speaks, then the trainee picks a reply (or types their own). Each
# node practises one stage: listen, empathize, solve, escalate or document; its choices'
# scores count towards that stage.
nodes:
  - id: opening           # unique in the file; choices and rules point here by id
    stage: listen         # the stage this moment practises
    narration: "Alex stands at the desk with their coat still on."   # optional: a stage direction shown before the line
    say: "I've been sitting here for forty minutes. Is anyone actually going to see me?"   # what the client says
    tags: [waiting]       # optional: topics of this moment, used for hints
    choices:              # the replies on offer (at least one)
      - id: open-question # unique in the node; answers files name a choice by its id
        text: "Forty minutes is a long wait. Could you tell me what you've been told so far?"   # what the trainee says
        mood: -1          # change of mood: negative calms, positive angers (-10 … 10)
        score: 9          # points for this node's stage, 0 … 10
        next: feelings    # the next node or ending
        feedback: "An open question lets Alex tell the story and shows you take it seriously."   # why it helps or hurts; shown after the reply
      - id: everyone-waits
        text: "We're very busy today. Everyone has to wait."
        mood: 2
        score: 1
        next: heated
        feedback: "Dismissing the wait makes it worse. Ask first what happened."

  - id: feelings
    stage: empathize
    say: "Nobody told me anything. I took the morning off work for this."
    choices:
      - id: name-it
        text: "That's really frustrating, especially when you've taken time off to be here."
        mood: -2
        score: 10
        next: options
        feedback: "Naming the feeling, without arguing with it, lowers the temperature."
      - id: delays-happen
        text: "Delays happen in every clinic."
        mood: 2
        score: 1
        next: heated
        feedback: "True, but it tells Alex that their frustration doesn't count."

  - id: options
    stage: solve
    say: "So what happens now?"
    choices:
      - id: two-options
        text: "I can get you in at 11:00 with Dr Kim, or book you first thing tomorrow. Which suits you better?"
        mood: -2
        score: 9
        next: write-up
        feedback: "Real options and a choice give back a sense of control; nothing is promised that you can't deliver."
      - id: wait-longer
        text: "Just wait a bit longer, please."
        mood: 1
        score: 3
        next: write-up
        feedback: "No time, no choice: Alex still doesn't know what will happen."

  - id: write-up
    stage: document
    say: "I want it noted that I was kept waiting."
    choices:
      - id: note-it
        text: "Of course. I'm noting the time you arrived, the delay and what we agreed. Would you like a copy?"
        mood: -1
        score: 10
        next: resolved
        feedback: "A record with the time, the facts and the follow-up shows Alex was heard."
      - id: no-need
        text: "There's no need to write anything down."
        mood: 1
        score: 2
        next: partly-resolved
        feedback: "Refusing to note a complaint tells the client it will be forgotten."

  - id: heated
    stage: escalate
    narration: "Alex raises their voice; people in the waiting room look up."
    say: "Don't tell me to wait! I want to speak to the manager, now!"
    choices:
      - id: apologise
        text: "You're right, I'm sorry. Let me find out exactly how long it will be."
        mood: -2
        score: 8
        next: feelings
        feedback: "A quick apology repairs the slip and brings the conversation back."
      - id: get-manager
        text: "I'll ask the manager to come out now."
        score: 6
        next: partly-resolved
        when:             # optional: offer this reply only while the condition holds
          mood_at_most: 8
        feedback: "Bringing in the manager is fine, but the feeling was never acknowledged."
      - id: then-leave
        text: "If you don't like it, you can leave."
        mood: 3
        score: 0
        next: walked-out
        feedback: "A challenge ends the conversation, and starts the complaint elsewhere."

  - id: unsafe            # reached only through the rule above
    stage: escalate
    narration: "Alex slams a hand on the desk and leans over it."
    say: "I'm not leaving until someone sorts this out!"
    choices:
      - id: call-help
        text: "I can see how angry you are. I'm asking a colleague and security to join us now."
        mood: -1
        score: 10
        next: safe
        feedback: "When it becomes unsafe, call help early, calmly and in clear words."
      - id: threaten
        text: "Calm down or I'm calling the police!"
        mood: 3
        score: 0
        next: escalated
        feedback: "Using help as a threat turns it into a contest."

# How the conversation can end. Every ending should be reachable.
endings:
  - id: resolved
    outcome: resolved     # resolved, partly_resolved, escalated, walked_out, safety or unresolved
    text: "Alex takes the 11:00 slot and sits down again."   # what happens, shown at the end
    lesson: "Listening first, naming the frustration and offering real options turned it around."   # optional: the takeaway for the debrief
  - id: partly-resolved
    outcome: partly_resolved
    text: "Alex stays, but still feels nobody really cares."
    lesson: "Options landed, but the loose ends left doubt."
  - id: walked-out
    outcome: walked_out
    text: "Alex walks out and posts a one-star review that evening."
  - id: escalated
    outcome: escalated
    text: "The shouting goes on until the manager takes over."
  - id: safe
    outcome: safety
    text: "A colleague and security arrive; the manager takes Alex to a quiet room."
    lesson: "Calling for help in clear words kept everyone safe."

# Optional: pinned cases. `empathy scenarios test` plays each one like a golden transcript
# and checks where it ends (`ending:`) and/or its score (`score: [min, max]`, 0–100).
tests:
  - name: "the best replies resolve it"
    steps:                # `choice: ID` picks a listed reply; `say: "..."` types own words
      - choice: open-question
      - choice: name-it
      - choice: two-options
      - choice: note-it
    ending: resolved
    score: [90, 100]
  - name: "brushing off the wait sends Alex out of the door"
    steps:
      - say: "Everyone has to wait, you're not special."
      - choice: then-leave
    ending: walked-out
"""

SCENARIO_PL = """\
# Scenariusz ćwiczenia dla empathy-cli: rozgałęziona rozmowa z symulowanym klientem,
# którego nastrój reaguje na to, co mówi osoba ćwicząca.
#
# To działający przykład: zamień tekst na własny i zachowaj strukturę.
#   sprawdzaj na bieżąco:   empathy validate {path}
#   przeczytaj całość:      empathy scenarios show {id} --lang {lang}
#   zobacz przebieg:        empathy scenarios graph {id} --lang {lang}
#   przećwicz go:           empathy rehearse {id} --lang {lang}
# (show, graph i rehearse znajdą go w Twoim folderze playbooków albo w folderze z --playbooks.)
# Każde pole opisuje `empathy schema scenario` (podłącz ten schemat w edytorze, a sprawdzi
# plik w trakcie pisania).

kind: scenario            # zawsze "scenario"
id: "{id}"                # stały identyfikator: a-z, 0-9, - i _; ten sam we wszystkich tłumaczeniach
lang: "{lang}"            # język tekstów w tym pliku; tłumaczenie to kopia z innym lang
title: "Klientka, która długo czeka"   # widoczny na listach i na początku ćwiczenia
description: >-           # opcjonalnie: czego uczy scenariusz (dla trenera)
  Klientka czeka już czterdzieści minut po umówionej godzinie i nikt nie wyjaśnił dlaczego.
  Ćwiczymy: najpierw wysłuchać, nazwać frustrację, zaproponować realne rozwiązania i zapisać zgłoszenie.
playbook: "{playbook}"    # id playbooka w tym samym języku: jego zwroty i sygnały
                          # podpowiadają i oceniają odpowiedzi wpisane własnymi słowami
tags: [waiting, complaint]   # opcjonalnie: tematy, po których łatwo znaleźć scenariusz

# Z kim rozmawia osoba ćwicząca.
persona:
  name: "Aleksandra Nowak"   # imię i nazwisko klientki, widoczne przed każdą jej kwestią
  role: "klientka"        # opcjonalnie: kim jest
  context: >-             # opcjonalnie: co się wydarzyło wcześniej; wyświetlane przed pierwszą kwestią
    Pani Aleksandra była umówiona na 10:00. Jest 10:40 i nikt nie wyjaśnił opóźnienia.
  mood: 6                 # nastrój na początku: 0 spokój … 10 furia
  # opcjonalnie: warianty, żeby kolejne ćwiczenia się różniły (każde gra jeden, wg --seed lub --variant):
  # variants:
  #   - id: standard        # postać tak, jak opisano
  #   - id: volatile
  #     temperament: 1.4    # zmiany nastroju × 1,4 (0,5 … 1,5)
  #     mood: 5             # własny nastrój na początku
  #     lines:              # co klient mówi zamiast tego w niektórych węzłach
  #       - node: opening
  #         say: "Czterdzieści minut! Czy ktoś tu w ogóle czymś zarządza?"

start: opening            # id pierwszego węzła

# Reguły przenoszą do węzła albo zakończenia, gdy nastrój przekroczy próg. Są sprawdzane
# po każdej odpowiedzi. Warunek ma mood_at_least (co najmniej) i/lub mood_at_most
# (co najwyżej); `once: true` (domyślnie) znaczy: najwyżej raz w jednym ćwiczeniu.
rules:
  - when:
      mood_at_least: 9
    goto: unsafe
    once: true

# Węzły: klient coś mówi, a osoba ćwicząca wybiera odpowiedź (albo wpisuje własną).
# Każdy węzeł ćwiczy jeden etap: listen (słuchaj), empathize (okaż empatię), solve
# (rozwiąż), escalate (eskaluj) albo document (udokumentuj); punkty za odpowiedzi
# liczą się do tego etapu.
nodes:
  - id: opening           # niepowtarzalny w pliku; odpowiedzi i reguły wskazują węzeł po id
    stage: listen         # etap, który ćwiczy ten moment rozmowy
    narration: "Pani Aleksandra stoi przy recepcji w płaszczu."   # opcjonalnie: didaskalia przed kwestią
    say: "Siedzę tu już czterdzieści minut. Czy ktoś mnie w ogóle dzisiaj przyjmie?"   # co mówi klientka
    tags: [waiting]       # opcjonalnie: tematy tej chwili, używane do podpowiedzi
    choices:              # odpowiedzi do wyboru (co najmniej jedna)
      - id: open-question # niepowtarzalne w węźle; pliki odpowiedzi wskazują wybór po id
        text: "Czterdzieści minut to długo. Czy może mi Pani powiedzieć, co do tej pory Pani usłyszała?"   # co mówi osoba ćwicząca
        mood: -1          # zmiana nastroju: ujemna uspokaja, dodatnia złości (-10 … 10)
        score: 9          # punkty za etap tego węzła, 0 … 10
        next: feelings    # następny węzeł albo zakończenie
        feedback: "Pytanie otwarte pozwala jej opowiedzieć wszystko po swojemu i pokazuje, że traktujesz sprawę poważnie."   # dlaczego to pomaga albo szkodzi; widoczne po odpowiedzi
      - id: everyone-waits
        text: "Mamy dziś bardzo dużo pacjentów. Wszyscy muszą czekać."
        mood: 2
        score: 1
        next: heated
        feedback: "Zbywanie czekania tylko pogarsza sprawę. Najpierw zapytaj, co się stało."

  - id: feelings
    stage: empathize
    say: "Nikt mi nic nie powiedział. Wzięłam na to wolne w pracy."
    choices:
      - id: name-it
        text: "To naprawdę frustrujące, zwłaszcza że wzięła Pani specjalnie wolne."
        mood: -2
        score: 10
        next: options
        feedback: "Nazwanie uczucia, bez dyskutowania z nim, obniża temperaturę rozmowy."
      - id: delays-happen
        text: "Opóźnienia zdarzają się w każdej przychodni."
        mood: 2
        score: 1
        next: heated
        feedback: "To prawda, ale klientka słyszy, że jej frustracja się nie liczy."

  - id: options
    stage: solve
    say: "No to co teraz?"
    choices:
      - id: two-options
        text: "Mogę Panią zapisać na 11:00 do dr Kim albo na jutro rano, na pierwszą godzinę. Co Pani bardziej odpowiada?"
        mood: -2
        score: 9
        next: write-up
        feedback: "Realne możliwości i wybór przywracają poczucie kontroli; nie obiecujesz niczego, czego nie możesz dotrzymać."
      - id: wait-longer
        text: "Proszę jeszcze chwilę poczekać."
        mood: 1
        score: 3
        next: write-up
        feedback: "Bez godziny i bez wyboru klientka dalej nie wie, co się wydarzy."

  - id: write-up
    stage: document
    say: "Chcę, żeby było zapisane, że tyle czekałam."
    choices:
      - id: note-it
        text: "Oczywiście. Zapisuję, o której Pani przyszła, ile trwało opóźnienie i co ustaliłyśmy. Czy chce Pani kopię?"
        mood: -1
        score: 10
        next: resolved
        feedback: "Notatka z godziną, faktami i dalszymi krokami pokazuje, że klientka została wysłuchana."
      - id: no-need
        text: "Nie ma potrzeby niczego zapisywać."
        mood: 1
        score: 2
        next: partly-resolved
        feedback: "Odmowa zapisania skargi mówi klientce, że sprawa pójdzie w niepamięć."

  - id: heated
    stage: escalate
    narration: "Pani Aleksandra podnosi głos; ludzie w poczekalni podnoszą wzrok."
    say: "Proszę mi nie mówić, że mam czekać! Chcę rozmawiać z kierowniczką, natychmiast!"
    choices:
      - id: apologise
        text: "Ma Pani rację, przepraszam. Sprawdzę, ile dokładnie to jeszcze potrwa."
        mood: -2
        score: 8
        next: feelings
        feedback: "Szybkie przeprosiny naprawiają potknięcie i pozwalają wrócić do rozmowy."
      - id: get-manager
        text: "Poproszę kierowniczkę, żeby zaraz tu przyszła."
        score: 6
        next: partly-resolved
        when:             # opcjonalnie: ta odpowiedź jest dostępna tylko, gdy warunek jest spełniony
          mood_at_most: 8
        feedback: "Wezwanie kierowniczki jest w porządku, ale emocje klientki nie zostały nazwane."
      - id: then-leave
        text: "Jeśli się Pani nie podoba, może Pani wyjść."
        mood: 3
        score: 0
        next: walked-out
        feedback: "Rzucenie wyzwania kończy rozmowę, a skarga trafia gdzie indziej."

  - id: unsafe            # dostępny tylko przez regułę powyżej
    stage: escalate
    narration: "Pani Aleksandra uderza dłonią w ladę i pochyla się nad nią."
    say: "Nie wyjdę stąd, dopóki ktoś tego nie załatwi!"
    choices:
      - id: call-help
        text: "Widzę, jak bardzo jest Pani zdenerwowana. Proszę teraz koleżankę i ochronę, żeby do nas dołączyli."
        mood: -1
        score: 10
        next: safe
        feedback: "Gdy robi się niebezpiecznie, wezwij pomoc wcześnie, spokojnie i jasnymi słowami."
      - id: threaten
        text: "Proszę się uspokoić, albo dzwonię na policję!"
        mood: 3
        score: 0
        next: escalated
        feedback: "Straszenie pomocą zamienia rozmowę w przepychankę."

# Jak może się skończyć rozmowa. Do każdego zakończenia powinna prowadzić jakaś droga.
endings:
  - id: resolved
    outcome: resolved     # resolved, partly_resolved, escalated, walked_out, safety albo unresolved
    text: "Pani Aleksandra przyjmuje termin o 11:00 i siada z powrotem."   # co się dzieje, widoczne na końcu
    lesson: "Wysłuchanie, nazwanie frustracji i realne możliwości odwróciły sytuację."   # opcjonalnie: wniosek do omówienia
  - id: partly-resolved
    outcome: partly_resolved
    text: "Klientka zostaje, ale nadal ma poczucie, że nikogo to nie obchodzi."
    lesson: "Propozycje trafiły, ale niedomknięte sprawy zostawiły wątpliwości."
  - id: walked-out
    outcome: walked_out
    text: "Klientka wychodzi, a wieczorem wystawia ocenę z jedną gwiazdką."
  - id: escalated
    outcome: escalated
    text: "Krzyki trwają, dopóki nie przejmie ich kierowniczka."
  - id: safe
    outcome: safety
    text: "Przychodzi koleżanka i ochrona; kierowniczka zabiera klientkę do spokojnego pokoju."
    lesson: "Wezwanie pomocy jasnymi słowami zapewniło wszystkim bezpieczeństwo."

# Opcjonalnie: przypadki testowe. `empathy scenarios test` odgrywa każdy jak wzorcowy zapis
# rozmowy i sprawdza, jak się kończy (`ending:`) i/lub ile punktów daje (`score: [min, max]`, 0–100).
tests:
  - name: "najlepsze odpowiedzi rozwiązują sprawę"
    steps:                # `choice: ID` wybiera odpowiedź z listy; `say: "..."` to własne słowa
      - choice: open-question
      - choice: name-it
      - choice: two-options
      - choice: note-it
    ending: resolved
    score: [90, 100]
  - name: "zbagatelizowane czekanie: klientka wychodzi"
    steps:
      - say: "Każdy musi czekać, nie jest Pani wyjątkiem."
      - choice: then-leave
    ending: walked-out
"""

PLAYBOOK_EN = """\
# A de-escalation playbook for empathy-cli: the five stages of the method, the options
# staff may offer, escalation levels and the fields of an incident record.
#
# This is a working skeleton: replace its text with your own and keep the structure.
#   check it as you go:   empathy validate {path}
#   read it:              empathy playbooks show {id} --lang {lang}
# Every field is described by `empathy schema playbook` (point your editor at it).

kind: playbook            # always "playbook"
id: "{id}"                # stable id: a-z, 0-9, - and _; the same in every translation
lang: "{lang}"            # language of the text in this file; a translation is a copy with another lang
title: "My team's playbook"   # shown in lists
description: >-           # optional: who and what it is for
  For front-desk staff when a client is unhappy.

# Optional: the frameworks this playbook draws on, so a trainer can trace each step.
sources:
  - name: "HEARD"         # short name
    note: "The order of the first moves: Hear, Empathize, Apologize, Respond, Diagnose."   # what is taken from it
    url: ""               # optional: where to read more

# The five stages, all of them, in this order: listen, empathize, solve, escalate, document.
stages:
  - id: listen
    title: "Listen"       # shown to the user
    goal: "Let the client tell the whole story before you give any opinion."   # what the stage is for
    do:                   # things to do
      - "Give your full attention and let them finish."
    dont:                 # things not to do
      - "Don't interrupt or defend the clinic while they are talking."
    questions:            # questions to ask
      - "Could you tell me what happened, from the beginning?"
    phrases:              # things to say; tags help people find them in a hurry (empathy phrases --tag TAG)
      - text: "Please take your time. I'd like to hear the whole story."
        tags: [communication]
    avoid:                # phrases that escalate, each with a better alternative
      - text: "Let me stop you there."
        instead: "Please go on, I'm listening."
        why: "Interrupting tells the client their story doesn't matter."   # optional
        kind: dismissal   # optional: which wording signal it is an example of
  - id: empathize
    title: "Empathize"
    goal: "Name the emotion; never minimise it."
    phrases:
      - text: "I can see this is really frustrating."
        tags: [frustration]
    avoid:
      - text: "Calm down."
        instead: "I can see how upset you are."
        kind: minimizing
  - id: solve
    title: "Solve"
    goal: "Offer several realistic options, and promise only what you can deliver."
    phrases:
      - text: "Here is what I can offer today."
        tags: [waiting]
  - id: escalate
    title: "Stay professional / escalate"
    goal: "Stay calm; when warning signs appear, bring in help in clear words."
    phrases:
      - text: "I'd like my manager to join us, so we can sort this out."
        tags: [help]
  - id: document
    title: "Document"
    goal: "Write down what happened, in the client's words, and what was agreed."
    phrases:
      - text: "I'll write down what we agreed and give you a copy."
        tags: [documentation]

# Optional: emotions a client may show, offered in the Empathize stage (ids from `tags`).
emotions: [frustration]

# Optional: the tag vocabulary. Tag ids are stable English words shared by every language
# (so `empathy phrases --tag waiting` works everywhere); each gets a label and the words
# people type when searching. Once this list exists, every tag used above must be in it.
tags:
  - id: communication
    label: "communication"
    words: [listening, talking, conversation]
  - id: frustration
    label: "frustration"
    words: [frustrated, annoyed, angry]
  - id: waiting
    label: "waiting"
    words: [wait, delay, late, queue]
  - id: help
    label: "calling for help"
    words: [manager, colleague, security, support]
  - id: documentation
    label: "documentation"
    words: [record, note, report, write]

# Optional: solution options staff may offer, and who must approve each.
solutions:
  - id: reschedule        # stable id, used in records and answers files
    title: "Reschedule"
    description: "A new appointment at a time that suits the client."
    approval: ""          # empty: the staff member may offer it alone
    tags: [waiting]

# Optional: escalation levels, calm to serious, with warning signs and what to do.
escalation:
  - id: green
    title: "Green: upset, but talking"
    severity: 0           # 0 = calm; higher is more serious (up to 10)
    signs:                # observable warning signs, each with a stable id
      - id: upset-but-talking
        text: "Upset or tearful, but still talking and listening"
    actions: ["Use the Listen and Empathize stages."]   # what to do, in order
    call: ["A colleague nearby, so they are aware"]     # who to bring in
    say: ["I'm with an upset client. Could you stay nearby?"]   # the words to use
  - id: red
    title: "Red: safety risk"
    severity: 9
    signs:
      - id: threatens-harm
        text: "Threatens to hurt someone"
    actions: ["Keep your distance and a way out.", "Call for help now."]
    call: ["Security", "Emergency services"]
    say: ["This is a safety issue. I need security at reception now."]

# Optional: the fields of the incident record the Document stage fills in.
record_fields:
  - id: date
    label: "Date"
    type: date            # date, time, datetime, text, longtext, choice, multichoice or bool
    required: true
  - id: details
    label: "What happened, in the client's words"
    type: longtext
    help: "Quote the client where you can."

# Optional: wording signals that judge a typed reply. Patterns are regular expressions,
# matched case-insensitively with accents folded (write them without diacritics).
signals:
  - kind: empathy         # empathy, apology, open_question, options, minimizing, blame, dismissal or threat
    label: "names the feeling"   # optional: shown with the match
    patterns: ['\\b(frustrating|upsetting|worrying)\\b']
    weight: 1.0           # optional: how strongly a match counts, 0 … 5 (default 1)
  - kind: minimizing
    label: "minimises the problem"
    patterns: ['\\bcalm down\\b', '\\bnot a big deal\\b']
"""

PLAYBOOK_PL = """\
# Playbook deeskalacji dla empathy-cli: pięć etapów metody, rozwiązania, które personel
# może zaproponować, poziomy eskalacji i pola raportu ze zdarzenia.
#
# To działający szkielet: zamień tekst na własny i zachowaj strukturę.
#   sprawdzaj na bieżąco:   empathy validate {path}
#   przeczytaj całość:      empathy playbooks show {id} --lang {lang}
# Każde pole opisuje `empathy schema playbook` (podłącz ten schemat w edytorze).

kind: playbook            # zawsze "playbook"
id: "{id}"                # stały identyfikator: a-z, 0-9, - i _; ten sam we wszystkich tłumaczeniach
lang: "{lang}"            # język tekstów w tym pliku; tłumaczenie to kopia z innym lang
title: "Playbook naszego zespołu"   # widoczny na listach
description: >-           # opcjonalnie: dla kogo i do czego
  Dla recepcji, gdy klient jest niezadowolony.

# Opcjonalnie: na jakich metodach opiera się playbook, żeby trener mógł sprawdzić źródło każdego kroku.
sources:
  - name: "HEARD"         # krótka nazwa
    note: "Kolejność pierwszych kroków: wysłuchaj, okaż empatię, przeproś, odpowiedz, zdiagnozuj."   # co z niej bierzemy
    url: ""               # opcjonalnie: gdzie przeczytać więcej

# Pięć etapów, wszystkie i w tej kolejności: listen, empathize, solve, escalate, document.
stages:
  - id: listen
    title: "Słuchaj"      # nazwa widoczna dla użytkownika
    goal: "Pozwól klientowi opowiedzieć całą historię, zanim wyrazisz jakąkolwiek opinię."   # po co jest ten etap
    do:                   # co robić
      - "Poświęć klientowi pełną uwagę i pozwól mu skończyć."
    dont:                 # czego nie robić
      - "Nie przerywaj i nie broń przychodni, kiedy klient mówi."
    questions:            # pytania, które warto zadać
      - "Czy może mi Pan opowiedzieć, co się stało, od początku?"
    phrases:              # co mówić; tagi pomagają szybko znaleźć zwrot (empathy phrases --tag TAG)
      - text: "Proszę się nie spieszyć. Chcę usłyszeć całą historię."
        tags: [communication]
    avoid:                # zwroty, które eskalują, każdy z lepszą propozycją
      - text: "Pozwoli Pan, że przerwę."
        instead: "Proszę mówić dalej, słucham."
        why: "Przerywanie mówi klientowi, że jego historia się nie liczy."   # opcjonalnie
        kind: dismissal   # opcjonalnie: jakiego sygnału jest przykładem
  - id: empathize
    title: "Okaż empatię"
    goal: "Nazwij emocję; nigdy jej nie bagatelizuj."
    phrases:
      - text: "Widzę, że to naprawdę frustrujące."
        tags: [frustration]
    avoid:
      - text: "Proszę się uspokoić."
        instead: "Widzę, jak bardzo to Pana zdenerwowało."
        kind: minimizing
  - id: solve
    title: "Rozwiąż"
    goal: "Zaproponuj kilka realnych możliwości i obiecuj tylko to, co możesz spełnić."
    phrases:
      - text: "Oto co mogę dziś zaproponować."
        tags: [waiting]
  - id: escalate
    title: "Zachowaj profesjonalizm / eskaluj"
    goal: "Zachowaj spokój; gdy pojawią się sygnały ostrzegawcze, wezwij pomoc jasnymi słowami."
    phrases:
      - text: "Chciałabym poprosić kierowniczkę, żeby do nas dołączyła i pomogła to załatwić."
        tags: [help]
  - id: document
    title: "Udokumentuj"
    goal: "Zapisz, co się stało, słowami klienta, i co ustaliliście."
    phrases:
      - text: "Zapiszę, co ustaliliśmy, i dam Panu kopię."
        tags: [documentation]

# Opcjonalnie: emocje, które może okazywać klient, podpowiadane na etapie empatii (id z `tags`).
emotions: [frustration]

# Opcjonalnie: słownik tagów. Id tagów to stałe angielskie słowa, wspólne dla wszystkich
# języków (dzięki temu `empathy phrases --tag waiting` działa wszędzie); każdy tag dostaje
# polską nazwę i słowa, których ludzie używają przy wyszukiwaniu. Jeśli ta lista istnieje,
# musi zawierać każdy tag użyty wyżej.
tags:
  - id: communication
    label: "komunikacja"
    words: [słuchanie, rozmowa, komunikacja]
  - id: frustration
    label: "frustracja"
    words: [frustracja, zdenerwowanie, złość]
  - id: waiting
    label: "czekanie"
    words: [czekanie, opóźnienie, spóźnienie, kolejka]
  - id: help
    label: "wezwanie pomocy"
    words: [kierownik, kierowniczka, ochrona, pomoc]
  - id: documentation
    label: "dokumentacja"
    words: [notatka, raport, zapis, dokumentacja]

# Opcjonalnie: rozwiązania, które personel może zaproponować, i kto musi je zatwierdzić.
solutions:
  - id: reschedule        # stały identyfikator, używany w zapisach i plikach odpowiedzi
    title: "Nowy termin"
    description: "Nowa wizyta w terminie dogodnym dla klienta."
    approval: ""          # puste: pracownik może to zaproponować sam
    tags: [waiting]

# Opcjonalnie: poziomy eskalacji, od spokoju do zagrożenia, z sygnałami i tym, co robić.
escalation:
  - id: green
    title: "Zielony: zdenerwowany, ale rozmawia"
    severity: 0           # 0 = spokój; im wyżej, tym poważniej (do 10)
    signs:                # sygnały ostrzegawcze, które widać, każdy ze stałym id
      - id: upset-but-talking
        text: "Zdenerwowany albo płacze, ale rozmawia i słucha"
    actions: ["Skorzystaj z etapów Słuchaj i Okaż empatię."]   # co robić, po kolei
    call: ["Koleżanka lub kolega w pobliżu, żeby wiedzieli"]    # kogo wezwać
    say: ["Rozmawiam ze zdenerwowanym klientem. Możesz zostać w pobliżu?"]   # jakimi słowami
  - id: red
    title: "Czerwony: zagrożenie bezpieczeństwa"
    severity: 9
    signs:
      - id: threatens-harm
        text: "Grozi, że komuś zrobi krzywdę"
    actions: ["Zachowaj dystans i drogę wyjścia.", "Natychmiast wezwij pomoc."]
    call: ["Ochrona", "Numer alarmowy 112"]
    say: ["To sprawa bezpieczeństwa. Potrzebuję ochrony na recepcji, teraz."]

# Opcjonalnie: pola raportu ze zdarzenia, wypełniane na etapie dokumentowania.
record_fields:
  - id: date
    label: "Data"
    type: date            # date, time, datetime, text, longtext, choice, multichoice albo bool
    required: true
  - id: details
    label: "Co się stało, słowami klienta"
    type: longtext
    help: "Cytuj klienta, gdzie się da."

# Opcjonalnie: sygnały w sformułowaniach, którymi ocenia się wpisaną odpowiedź. Wzorce to
# wyrażenia regularne, dopasowywane bez względu na wielkość liter i bez polskich znaków
# (pisz "frustrujace", nie "frustrujące").
signals:
  - kind: empathy         # empathy, apology, open_question, options, minimizing, blame, dismissal albo threat
    label: "nazywa uczucie"   # opcjonalnie: opis pokazywany przy dopasowaniu
    patterns: ['\\b(frustrujac\\w*|przykr\\w*|martwi\\w*)']
    weight: 1.0           # opcjonalnie: jak mocno liczy się dopasowanie, 0 … 5 (domyślnie 1)
  - kind: minimizing
    label: "bagatelizuje problem"
    patterns: ['\\buspokoi\\w*', '\\bnic takiego\\b']
"""

EN = {
    "scenario_template": SCENARIO_EN,
    "playbook_template": PLAYBOOK_EN,
    "written": "Wrote {path}.",
    "next_steps": "Edit it, then check it with: empathy validate {path}",
    "exists": "{path} already exists; choose another ID or --output PATH (nothing was overwritten)",
    "bad_id": "'{id}' is not a valid id: use lower-case letters, digits, - and _, starting with a letter or digit",
    "bad_lang": "'{lang}' is not a language code: use two or three lower-case letters, e.g. en or pl",
    "no_playbook": "there is no playbook '{playbook}' in language '{lang}' yet, so 'empathy validate' will report it until there is one (see 'empathy playbooks list', or --playbook ID)",
    "overrides_scenario": "a scenario '{id}' ({lang}) already exists in {path}; yours will be used instead of it",
    "overrides_playbook": "a playbook '{id}' ({lang}) already exists in {path}; yours will be used instead of it",
    "cannot_write": "cannot write {path}: {reason}",
}

PL = {
    "scenario_template": SCENARIO_PL,
    "playbook_template": PLAYBOOK_PL,
    "written": "Zapisano {path}.",
    "next_steps": "Dostosuj plik do swoich potrzeb, a potem sprawdź go: empathy validate {path}",
    "exists": "{path} już istnieje; wybierz inne ID albo --output ŚCIEŻKA (niczego nie nadpisano)",
    "bad_id": "„{id}” to nieprawidłowe id: użyj małych liter, cyfr, - i _, zaczynając od litery albo cyfry",
    "bad_lang": "„{lang}” to nie kod języka: użyj dwóch albo trzech małych liter, np. en albo pl",
    "no_playbook": "nie ma jeszcze playbooka „{playbook}” w języku „{lang}”, więc „empathy validate” będzie to zgłaszać, dopóki się nie pojawi (zob. „empathy playbooks list” albo --playbook ID)",
    "overrides_scenario": "scenariusz „{id}” ({lang}) już istnieje w {path}; zamiast niego będzie używany Twój",
    "overrides_playbook": "playbook „{id}” ({lang}) już istnieje w {path}; zamiast niego będzie używany Twój",
    "cannot_write": "nie można zapisać {path}: {reason}",
}
