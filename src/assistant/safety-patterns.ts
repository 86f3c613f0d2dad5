/**
 * What a message about suicide, violence, exploitation or immediate danger looks like, in our four
 * languages, as people write it — including indirectly ("I don't see the point of living", "він знову
 * мене бив"). Patterns run on normalised text (lower case, apostrophes as ʼ, ё as е), after layout and
 * transliteration repair. `[иіы]`, `[еєэ]` absorb the commonest misspellings between Ukrainian and Russian.
 * Over-matching is the safe error here: the safety answer also tells people where else to turn.
 */
export const SAFETY_PATTERNS: Readonly<Record<string, readonly string[]>> = {
  'safety.crisis': [
    // Helplines asked for by name or number
    '(лінія|линия|lijn|line|номер|number|nummer|телефон|telefoon|phone|bel|call|дзвонити|звонить|chat|чат) (\\S+ )?113(?!\\d)', '113 ?(online|chat|zelfmoord|suicide)', '113\\.nl', '0800[- ]?0113',
    'zelfmoordpreventie', 'телефон довіри', 'телефон доверия', '(suicide|crisis) (hotline|helpline|line)',
    // Warning signs said without the words: disappearing, nobody noticing, farewells, means at hand
    // "I won't be here tomorrow" after thanks is a farewell, not thanks
    '(мене|меня) (завтра |скоро )?(вже |уже |больше |більше )?не (будет|буде)(?= *(?:$|[.,!?…;]))', 'ik ben er (morgen |straks )?niet meer(?! thuis)',
    'i (will not|wonʼ?t|wont) be (here|around|alive) (tomorrow|anymore|any more|much longer)',
    'якби мене не стало', 'если бы меня не стало', 'als ik er niet meer (was|ben)', 'if i (was|were) gone', 'if i disappeared',
    'ніхто б (і )?не (помітив|помітила|сумував)', 'никто бы (и )?не (заметил|заметила|скучал)', 'niemand zou (het )?(merken|me missen)', '(no ?one|nobody) would (notice|care|miss me)',
    'роздаю (свої )?речі', 'раздаю (свои )?вещи', 'geef (al )?(mijn|m[ij]n) spullen weg', 'giv(e|ing) away (all )?my (stuff|things|belongings)',
    'прощальн\\S* (лист|записк)', 'прощальн\\S* (письм|записк)', 'afscheidsbrie', '(goodbye|farewell) (letter|note)s?', 'wrote (letters|a letter) to my (kids|children|family)',
    'стою на (мосту|даху|краю)', 'стою на (мосту|крыше|краю)', 'sta (nu )?op (de|een) (brug|dak)', '(stand|standing) on (the|a) (bridge|roof|ledge)',
    '(набрала|набрав|накопичила|накопичив|збираю) таблет', '(набрала|набрал|накопила|накопил|собираю) таблет', 'pillen (verzameld|gespaard|opgespaard)', '(collect|stockpil|sav)(ed|ing) (up )?pills',
    'нестерпно жити', 'невыносимо жить', 'совсем невыносимо', 'зовсім нестерпно',
    // General ways of saying it, beyond the examples we have seen
    'не можу (більше )?(так )?жити', 'не можу так більше', 'піти з життя', 'нема (заради|для) чого жити', 'не (для|заради) чого жити',
    'думаю про (смерть|самогубство)', 'думки про (смерть|самогубство)', 'краще б мене не було', 'без мене (всім|усім) (буде )?краще',
    'наковтатися таблеток', 'напитися таблеток', 'випити (всі|усі) таблетки', 'стрибнути з (мосту|даху|вікна)', 'повіситися', 'перерізати вени',
    'життя (не має|втратило) сенс', 'втратила сенс жити', 'втратив сенс жити', 'хочу зникнути',
    'не могу (больше )?(так )?жить', 'не могу так больше', 'уйти из жизни', 'незачем жить', 'не для чего жить', 'думаю о (смерти|самоубийстве)',
    'мысли о (смерти|самоубийстве)', 'лучше бы меня не было', 'без меня (всем )?будет лучше', 'наглотаться таблеток', 'выпить все таблетки',
    'прыгнуть с (моста|крыши|окна)', 'повеситься', 'вскрыть вены', 'жизнь (не имеет|потеряла) смысл', 'хочу исчезнуть',
    'er een (eind|einde) aan maken', 'ik zie het niet meer zitten', '(iedereen|ze) (is|zijn) beter af zonder mij', 'zelfdoding', 'wil verdwijnen',
    'al (mijn|m[ij]n) pillen (innemen|slikken)', 'van een brug springen',
    'want to disappear', 'end it all', 'thinking (about|of) (death|dying|suicide|ending it)', 'take all (my|the) pills', 'jump off (a|the) (bridge|roof)',
    'hang myself', 'life is (meaningless|pointless)', '(everyone|they)( would be| are)? better off without me',
    // uk
    'суїцид', 'суицид', 'самогубств', 'покінчити (з|із) собою', 'накласти на себе руки', 'вкоротити (собі )?(віку|життя)',
    'не хочу (більше )?жити', 'не хочеться (більше )?жити', 'не бачу сенсу', 'немає сенсу жити', 'нема сенсу жити',
    'хочу (померти|вмерти)(?! (від|з|зі) (сміху|нудьги|сорому|цікавості))', 'хочу зникнути назавжди', 'краще б (я )?(помер|померла|вмерла|вмер)', 'вб[иі]ти себе', 'вбʼю себе',
    'заподіяти собі', 'порізати (собі )?(вени|руки)', 'не прокинутися', 'жити (більше )?не хочу', 'набридло жити',
    'покласти край (всьому|життю)', 'не хочу (більше )?(прокидатися|просинатися|прокидатись)',
    'заснути і не прокинутися', 'все одно (нікому|ніхто) не (потрібна|потрібен|буде сумувати)',
    // ru
    'самоубийств', 'покончить с (собой|жизнью)', 'наложить на себя руки', 'не хочу (больше )?жить',
    'не хочется (больше )?жить', 'не вижу смысла', 'нет смысла жить', 'хочу умереть(?! (от|со) (смеха|скуки|стыда|любопытства))', 'лучше бы (я )?(умер|умерла)',
    'убить себя', 'убью себя', 'причинить себе', 'порезать (себе )?(вены|руки)', 'жить (больше )?не хочу',
    'надоело жить', 'не вынесу больше', 'не проснуться', 'свести счеты с жизнью', 'не хочу (больше )?просыпаться',
    'уснуть и не проснуться', '(никому|никто) не (нужна|нужен|будет скучать)',
    // nl
    'zelfmoord', 'su[iï]cid', 'niet meer (verder )?(willen )?leven', 'wil (niet meer leven|dood(?! van het))', 'dood (wil|willen)',
    'een einde aan (mijn|m[ij]n) leven', 'mezelf (iets aan(doen)?|doden|van kant maken|pijn doen)', 'geen zin meer in (het )?leven',
    'leven niet meer zien zitten', 'er niet meer (willen )?zijn', 'uit het leven stappen', 'niet meer wakker (willen )?worden',
    // en
    'suicid', 'kill(ing)? myself', 'end(ing)? my (own )?life', 'take my (own )?life', 'want(ed)? to die(?! (of|from|laughing))', 'wish i (was|were) dead',
    '(do not|don[ʼ]?t|dont) want to (live|be alive)', 'no (reason|point) (to|in) (live|living|go(ing)? on)',
    'better off dead', 'hurt(ing)? myself(?! (while|when|during|playing|at|on|in|cycling|yesterday))', 'self[- ]?harm', 'not worth living',
    '(want|wish|hope|rather|prefer)( to)? (never|not) wake up', '(never|not) (want to )?wake up again', 'to (just )?(never|not) wake up', 'sleep (and|forever and) never wake',
  ],
  'safety.domestic-violence': [
    // Helplines asked for by name or number
    'veilig ?thuis', '0800[- ]?2000', 'centrum seksueel geweld', '0800[- ]?0188', 'blijf van (mijn|m[ij]n) lijf',
    // Threats, drugging, abuse of children
    '(якщо|якщо я) (піду|втечу).{0,20}вбʼ?є', 'если (я )?(уйду|сбегу).{0,20}убь[её]т', 'als ik (weg ?ga|vertrek).{0,20}(vermoordt|doodt)', 'if i (leave|go).{0,20}(he|she)( will|[ʼ]ll)? kill',
    'підсипали', 'подсыпали', 'iets in (mijn|m[ij]n) (drankje|drink) (gedaan|gedaan)', 'something in my drink', 'drugged me',
    '(вітчим|отчим|stiefvader|stepfather|дядько|дядя|oom|uncle)\\S* .{0,40}(кімнат|комнат|kamer|room|ліжк|кроват|bed)',
    // General ways of saying it
    '(чоловік|партнер|хлопець|колишній|батько|вітчим) (мене )?(бʼє|б[ʼ]?є|бив|штовхає|душить|душив|ґвалтує)', 'бʼє (дитину|дітей|доньку|сина)',
    'не випускає (мене )?з (дому|квартири|кімнати)', 'зачиняє мене', 'забирає (мій )?(телефон|гроші) і (погрожує|не випускає)', 'торкається (моєї )?дитини',
    '(муж|партнер|парень|бывший|отец|отчим) (меня )?(бь[её]т|бил|толкает|душит|душил|насилует)', 'бь[её]т (ребенка|детей|дочь|сына)',
    'не выпускает (меня )?из (дома|квартиры|комнаты)', 'запирает меня', 'трогает (моего )?ребенка',
    '(mijn|m[ij]n|haar) (man|partner|vriend|ex|vader|stiefvader) (slaat|schopt|duwt|wurgt|bedreigt)', 'sluit (me|mij) op', 'laat (me|mij) niet (naar buiten|gaan)',
    'blauwe plekken', 'slaat (mijn|m[ij]n) (kind|kinderen)',
    '(husband|partner|boyfriend|ex|father|stepfather) (hits|beats|kicks|pushes|chokes|threatens|rapes)', 'kicks me', 'locks me (in|up)',
    'won[ʼ]?t let me (leave|go out)', 'touch(es|ed)? my (child|daughter|son)', 'hurts (my|the) (kids|children|child)',
    // uk
    'домашн[ьєе]\\S* насильств', 'насильств', 'насили[ея] (дома|в семье|в сім)', 'б[ʼ]?ʼ?є мене', 'бʼє мене', 'бʼють мене', 'мене (знову )?(бʼє|бив|била|били|вдарив|вдарила|побив|побила|бʼють|душив|штовхав|ґвалтував|згвалтував)',
    '(вдарив|вдарила|побив|побила|бив|душив) мене', 'ґвалт', 'згвалт', 'зґвалт',
    'боюс[яь] (свого |за своє )?(чоловіка|партнера|хлопця|йти додому|повертатися додому)', 'знущається (з|над) (мене|мною|нею|дітьми|дитиною)', 'кривдник',
    'примушує (мене )?до (сексу|інтиму)', 'домагає', 'сексуальн\\S* насильств', 'синці від',
    'підн[ія]\\S* на мене руку', 'руку на мене (підняв|піднімає)', 'боюс[яь] (йти|іти|повертатися|повернутися) (додому|в кімнату|до кімнати|до нього)',
    // ru
    'бь[её]т меня', 'бьют меня', 'меня (снова |опять )?(бь[её]т|бил|била|били|ударил|ударила|избил|избила|бьют|душил|толкал|изнасиловал)',
    '(ударил|ударила|избил|избила|бил|душил) меня', 'изнасил',
    'боюсь (своего )?(мужа|партнера|парня|идти домой|возвращаться домой)', 'издевается над (мной|ней|детьми|ребенком)', 'домогает', 'принуждает (меня )?к (сексу|интиму)',
    'подн[яи]\\S* на меня руку', 'руку на меня (поднял|поднимает)', 'боюсь (идти|возвращаться|вернуться) (домой|в комнату|к нему)',
    // nl
    'huiselijk geweld', 'mishandel', 'slaat (me|mij)', 'sloeg (me|mij)', 'verkracht', 'seksueel (geweld|misbruik)', 'misbruikt (me|mij|haar)', 'kindermisbruik',
    'aanrand', 'bang voor (mijn|m[ij]n) (man|partner|vriend|ex)', 'durf niet (meer )?(naar huis|terug naar)',
    // en
    'domestic (violence|abuse)', '(?<!(drug|alcohol|substance|power|data) )abus(e|ed|es|ive|ing)(?! of (power|the system|data))', 'rape(d|s)?(?!\\p{L})', 'sexual(ly)? (assault|abuse|violence)',
    'afraid of my (husband|partner|boyfriend|ex)', '(scared|afraid) to go (back )?(home|to my room)',
    'violent (husband|partner|boyfriend)',
  ],
  'safety.exploitation': [
    // Helplines asked for by name
    'fair ?work(?! (week|hours|pay|conditions))', 'comensha',
    // Debt bondage, wages taken, sex instead of rent
    '(маю|мушу|повинна|должна|надо) (все )?(відпрацювати|отработать) (борг|долг|дорогу)',
    'schuld .{0,30}(afwerken|terugwerken)', 'owe (them|him|her) .{0,30}(travel|trip|flight|housing)', 'work off (the|my|a|our) debt',
    
    
    '[ʼ"]?(nice|lief|aardig)[ʼ"]? (with|to|voor|tegen) (him|hem|the landlord|de huisbaas)', '(бути|быть) (ласкавою|ласковой|поступливою|сговорчивой) з? ?(ним|господарем|хозяином)',
    '(забира\\S*|забрав|забрала) (всю |усю |нашу |мою )?(зарплат|платню)', '(забира\\S*|забрал\\S*) (всю |нашу |мою )?зарплат', 'takes? (all )?(our|my) (salar|wage|pay)', '(pakt|houdt|neemt) (al )?(ons|mijn|m[ij]n) (loon|salaris)',
    '(took|take|taken) (away )?our phones', 'telefoons (afgepakt|ingenomen)',
    // General ways of saying it
    '(не виплатили|не виплачують) (мені )?(зарплат|гроші)', 'по (1[2-9]|2\\d) годин без вихідних',
    'борг за (дорогу|житло|переїзд) .{0,30}(відпрацьов|працюю)', 'погрожує (депортувати|поліцією)',
    '(не выплатили|не выплачивают) (мне )?(зарплат|деньги)', 'по (1[2-9]|2\\d) часов без выходных',
    'долг за (дорогу|переезд)', 'угрожает (депортировать|полицией)',
    'geen loon (gekregen|ontvangen)', '(documenten|papieren) (afgepakt|ingenomen)', 'schuld (afwerken)', 'mag geen ontslag nemen',
    'wages (withheld|not paid)', 'haven[ʼ]?t (been )?paid (me )?(for|in)', 'debt for (the )?(travel|trip|housing)', 'can[ʼ]?t leave (the )?(job|farm)',
    'threaten(s|ed)? to (deport) (me|us)',
    // uk
    'торгівл\\S* людьми', 'торгов\\S* людьми', 'експлуатац', 'забра\\S* (мій |мої |у мене |в мене )?паспорт', '(трима|тримають|не віддає|не віддають) (мій )?паспорт',
    'паспорт (забрав|забрали|у роботодавця|тримає)', 'не (платить|платять|заплатив|заплатили) (мені )?(зарплат|гроші|за роботу)',
    'працюю (безкоштовно|без оплати|за безцінь)', 'примусов\\S* прац', 'змушують (мене )?працювати', 'житло в обмін на секс',
    'секс (за|в обмін на) (житло|квартиру|кімнату)', 'заплатити за (роботу|працевлаштування|бсн|bsn)', 'відпрацювати борг',
    '(спати|переспати) з (ним|нею|господарем|власником)', 'з (ним|нею) (спати|переспати)', 'замість (оплати|плати|оренди) .{0,30}(спати|секс|інтим)',
    // ru
    'торговл\\S* людьми', 'эксплуатац', 'забра\\S* (мой |мои |у меня )?паспорт', '(держит|держат|не отда[её]т|не отдают) (мой )?паспорт',
    'паспорт (забрал|забрали|у работодателя)', 'не (платит|платят|заплатил|заплатили) (мне )?(зарплат|деньги|за работу)',
    'работаю (бесплатно|без оплаты|за копейки)', 'принудительн\\S* труд', 'заставляют (меня )?работать', 'жиль[её] в обмен на секс',
    'секс (за|в обмен на) (жиль|квартир|комнат)', 'отработать долг',
    '(спать|переспать) с (ним|ней|хозяином|владельцем)', 'с (ним|ней) (спать|переспать)', 'вместо (оплаты|платы|аренды) .{0,30}(спать|секс|интим)',
    // nl
    'mensenhandel', 'uitbuit', 'met (hem|haar) naar bed', 'seks in plaats van (huur|betalen)', 'paspoort (afgepakt|ingenomen|afgenomen|afgepakt)', 'houdt (mijn|m[ij]n) paspoort', '(mijn|m[ij]n) paspoort (in)?gehouden',
    'loon (niet|nooit) (uit)?betaald', 'gedwongen (te )?werken', 'seks in ruil voor', 'werk (voor niks|zonder loon)',
    // en
    'traffick', 'exploit', '(took|take|taken|keeps?|kept|holding|holds) my passport', 'my passport (was )?(taken|kept)',
    '(doesn[ʼ]?t|does not|don[ʼ]?t|do not|never|won[ʼ]?t) pay me', '(unpaid|no) wages', 'not (been )?paid (for|my)', 'forced (to work|labou?r)',
    'sex (for|in exchange for|instead of) (housing|a room|rent|a place)', 'housing in exchange for sex',
    'sleep with (him|her|the landlord|the owner|them) (for|instead|to)', 'pay (a fee|money) (to|for) (get )?(a )?(job|bsn)',
  ],
  'safety.emergency': [
    // Emergency and police numbers
    'meld misdaad anoniem', '0900[- ]?8844', '(bel|bellen|call|calling|дзвонити|подзвонити|звонить|позвонить|набрати|набрать|номер|number|nummer) (\\S+ )?(112|911)(?!\\d)', '(112|911) (bellen|дзвонити|звонить|call)',
    '(номер|number|nummer|numer|телефон|telefoon|phone) (\\S+ ){0,3}(поліці|полици|politie|police|швидко|скоро|ambulance|brandweer|пожежн|пожарн)', '(geen|zonder) spoed', 'не терміново', 'не срочно', 'non-?emergency',
    // Gas, fire, blood, poisoning, breathing: call 112 now
    'пахн\\S* газом', 'запах газу', 'запах газа', 'gaslucht', 'ruik(t|en)? (naar )?gas', 'smell(s|ing)? (of )?gas', 'gas leak',
    
    '(багато|тече|всюди) крові', '(много|течет|везде) крови', 'veel bloed', 'bloedt (\\S+ )?(heel )?(erg|hevig)', 'lots of blood',
    
    'отруїв', 'отруїл', 'отравил', 'vergiftigd', 'poisoned',
    'дихає (якось )?(дивно|погано|важко|з трудом)', 'дышит (как-то )?(странно|плохо|тяжело|с трудом)', 'губи (синіють|сині|посиніли)', 'губы (синеют|синие|посинели)',
    'ademt (raar|slecht|moeilijk|niet goed)', 'blauwe lippen', 'blue lips', '(can[ʼ]?t|cannot|not able to) breathe', 'trouble breathing',
    
    // General ways of saying it
    'на (мене|нас) напа(в|ли|дає)', 'вломил', 'вламуються', 'дитина (зникла|загубилася|пропала)', 'без свідомості', 'не дихає', 'сильна кровотеча', 'серцевий напад', 'передозуван',
    'на (меня|нас) напа(л|ли|дает)', 'вломил', 'вламываются', 'ребенок (пропал|потерялся)', 'без сознания', 'не дышит', 'сильное кровотечение', 'сердечный приступ', 'передозировк',
    'overval', 'inbraak', 'inbreker', '(kind|dochter|zoon) (is )?(kwijt|vermist)', 'bewusteloos', 'ademt niet', 'hartaanval', 'overdosis',
    'break[- ]?in', 'burglar', '(child|daughter|son|kid) is missing', 'lost my (child|kid|daughter|son)', 'unconscious', 'not breathing', 'heart attack', 'overdose',
    // uk
    'виклик\\S* (поліці|швидк|пожежн)', 'викличте', 'пожеж(?!н)', 'мене (хтось )?(переслідують|переслідує)', 'на мене напа', 'мене пограбува', 'я в небезпеці',
    'терміново (потрібна )?(поліція|допомога)', 'рятуйте', 'хтось ломиться', 'номер (поліції|швидкої|екстрен)',
    'дим (іде|йде|валить|з)', 'з ножем', 'пістолет', 'стріляють', 'погрожують ножем',
    // ru
    'вызв\\S* (полици|скор|пожарн)', 'пожар(?!н)', 'меня (кто-то )?преследу', 'на меня напа', 'меня огра', 'я в опасности', 'срочно (нужна )?(полиция|помощь)',
    'спасите', 'кто-то ломится', 'номер (полиции|скорой|экстренн)',
    'дым (идет|валит|из)', 'с ножом', 'пистолет', 'стреляют',
    // nl
    'politie bellen', 'bel de politie', 'ambulance', 'er is brand', 'in gevaar', 'noodnummer', 'alarmnummer', 'aangevallen', 'achtervolgd', 'beroofd',
    'vechtpartij', 'met een mes', 'pistool', 'neergestoken',
    // en
    'call (the )?(police|ambulance)', 'emergency (number|services)', 'in danger', 'being (followed|attacked)', 'attacked me', 'someone is breaking in', 'fire brigade', 'robbed',
    '(a|the) fire (in|at|on|from)', 'stabbed', 'a fight (in|at|outside|near)',
  ],
};
