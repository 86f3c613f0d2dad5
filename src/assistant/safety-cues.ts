/**
 * Cue scoring for the safety check: what a message about violence, exploitation, suicide or immediate
 * danger is made of, rather than fixed phrases. Each category has signs; a sign is a conjunction of cue
 * groups (word stems in Ukrainian, Russian, Dutch and English) with a weight, and may be cancelled by
 * groups that show the words are used otherwise (a stranger rather than a partner, a game of chess, a
 * blood test). A category is called for when its signs weigh 2 or more: one strong sign ("he strangled
 * me", "the boss keeps our passports") or two weaker ones that mean little alone ("cash", "16 hours").
 *
 * Cue groups are regular expressions over the cue text (see `cueText`). In their source, `'` stands for
 * an optional apostrophe, `#` for the end of a word and `~` for a gap of up to three words.
 */

/**
 * A letter or digit of the cue text. The scripts people write to us in, spelled out: a Unicode property
 * class costs a table lookup at every position of every cue, and the check runs on every message.
 */
const WORD_CHAR = 'a-z0-9\\u00c0-\\u024f\\u0400-\\u04ff\\u02bc';
const WORD_START = `(?<![${WORD_CHAR}])`;

function source(alts: readonly string[]): string {
  return alts
    .map((a) => a.replace(/'/g, 'ʼ?').replace(/#/g, `(?![${WORD_CHAR}])`).replace(/~/g, '(?:[^ ]+ ){0,3}'))
    .join('|');
}

/** Matches any of `alts` at the start of a word. */
function rx(...alts: readonly string[]): RegExp {
  return new RegExp(`${WORD_START}(?:${source(alts)})`, 'u');
}

/** `a` followed within `gap` words by `b`, or (if `either`) the other way round. */
function near(a: readonly string[], b: readonly string[], gap = 3, either = true): RegExp {
  const A = `${WORD_START}(?:${source(a)})`;
  const B = `${WORD_START}(?:${source(b)})`;
  const G = `[^ ]* (?:[^ ]+ ){0,${gap}}`;
  return new RegExp(either ? `${A}${G}${B}|${B}${G}${A}` : `${A}${G}${B}`, 'u');
}

/**
 * The text cues are matched on: a normalised reading with quotes and brackets gone (people quote the
 * euphemism: «по-другому», 'anders'), apostrophes dropped inside Cyrillic words (бʼє and a
 * transliterated бє meet) and kept inside Latin ones (don't, he'll).
 */
function cueText(normalised: string): string {
  return ` ${normalised}`
    .replace(/[«»"“”„()[\]{}*_]/g, ' ')
    .replace(/(?<=\p{Script=Cyrillic})ʼ(?=\p{Script=Cyrillic})/gu, '')
    .replace(/ʼ(?!\p{L})|(?<!\p{L})ʼ/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------------
// Shared groups
// ---------------------------------------------------------------------------------------------------

const PARTNER_WORDS = [
  // uk (чоловік is also "a man": a stranger is recognised separately)
  'чоловік', 'чоловіка#', 'чоловіком#', 'чоловікові#', 'мій чолов', 'партнер', 'хлопець#', 'хлопця#', 'колишн', 'бойфренд', 'співмешкан', 'наречен',
  'батьк[оа]#', 'тато#', 'тата#', 'вітчим', 'свекр', 'свекрух', 'тесть', 'теща', 'дружин', 'жінка#', 'мій брат', 'мого брата',
  // ru
  'муж#', 'мужа#', 'мужем#', 'мужу#', 'парень#', 'парня#', 'бывш', 'сожител', 'жених', 'отец#', 'отца#', 'отцом#', 'папа#', 'папы#', 'отчим',
  'свекров', 'жена#', 'жены#', 'мой брат',
  // nl
  'mi?j?n man#', 'haar man#', 'partner', 'mi?j?n vriend#', 'haar vriend#', 'vriendje', 'ex#', 'ex-', 'echtgeno', 'mi?j?n vader', 'haar vader', 'papa#', 'stiefvader', 'schoonmoeder', 'schoonvader', 'mi?j?n vrouw#', 'mi?j?n broer',
  // en
  'husband', 'hubby', 'partner', 'boyfriend', 'bf#', 'ex#', 'ex-', 'fianc', 'my father', 'her father', 'my dad', 'her dad', 'stepfather', 'stepdad', 'step-dad', 'in-laws', 'mother-in-law', 'father-in-law', 'my wife', 'girlfriend', 'my brother',
];
const PARTNER = rx(...PARTNER_WORDS);
const HE = rx('він#', 'його#', 'нього#', 'ним#', 'йому#', 'он#', 'его#', 'него#', 'ему#', 'hij#', 'hem#', 'he#', 'heʼ?s#', 'heʼll', 'him#');
/** Someone the person does not know, or a public place: then a threat or a blow is an emergency, not abuse at home. */
const STRANGER = rx(
  'якийсь', 'якась', 'якісь', 'незнайом', 'невідом', 'чужий', 'чужа#', 'перехож', 'якогось',
  'какой-то', 'какая-то', 'какие-то', 'какого-то', 'незнаком', 'неизвестн', 'чужой', 'прохож', 'мужик',
  'iemand', 'een man#', 'een vreemde', 'onbekend', 'vreemde man', 'een jongen', 'een groep',
  'a man#', 'some man', 'a guy', 'some guy', 'someone', 'somebody', 'a stranger', 'stranger', 'strangers', 'a group of', 'unknown man',
);
const STREET = rx(
  'на вулиці', 'на вокзалі', 'в трамва', 'у трамва', 'в автобус', 'у автобус', 'в метро', 'у потяз', 'на улице', 'на вокзале', 'в поезд', 'в электричк',
  'op straat', 'in de tram', 'in de bus', 'in de trein', 'op het station', 'in the street', 'on the street', 'on the tram', 'on the bus', 'on the train', 'at the station',
  'outside our', 'outside the', 'voor de deur', 'bij de ingang', 'під вікн', 'под окн', 'у входу', 'біля входу',
);
const ROBBED_GROUP = rx('вкрал', 'украл', 'вкрав', 'украл', 'gestolen', 'stole', 'stolen', 'pickpocket', 'зловмисн', 'злоумышл', 'dief', 'thief');
const CHILD = rx(
  'дитин', 'діт(и|ей|ям|ьми)#', 'доньк', 'дочк', 'дочь#', 'дочер', 'дочен', 'син#', 'сина#', 'сину#', 'синові#', 'синок', 'синочк', 'малюк', 'немовл',
  'ребен', 'детей#', 'дети#', 'детьми#', 'сын#', 'сына#', 'сыну#', 'сыном#', 'сынок', 'малыш', 'младен', 'подрост', 'підліт',
  'kind#', 'kindje', 'kinderen', 'dochter', 'zoon#', 'zoontje', 'baby', 'peuter', 'tiener',
  'child', 'children', 'kid#', 'kids#', 'daughter', 'son#', 'toddler', 'teen',
);
const WORK_REL = rx(
  'роботодав', 'бригадир', 'начальн', 'бос#', 'боса#', 'босс', 'шеф', 'агенці', 'агентств', 'посередник', 'вербувал', 'ферм', 'склад', 'завод', 'фабрик', 'теплиц',
  'робот', 'праці#', 'працю', 'зміни#', 'зміна#', 'підприєм', 'работодател', 'посредник', 'вербовщ', 'работ', 'смен', 'предприят', 'салон', 'цех',
  'uitzendbureau', 'bureau#', 'baas#', 'werkgever', 'werk#', 'werken#', 'werkt#', 'werkte', 'kassen', 'loods', 'fabriek', 'boerderij', 'bemiddelaar', 'ronselaar', 'voorman', 'dienst#', 'schoonmaakster', 'schoonmaker',
  'employer', 'boss', 'agency', 'recruiter', 'job#', 'work#', 'working', 'worked', 'farm', 'factory', 'warehouse', 'shift', 'foreman', 'greenhouse',
);
const HOUSING_REL = rx(
  'хазя[їй]', 'господар', 'господин', 'власник', 'орендодав', 'у якого (я )?жив', 'у якої (я )?жив', 'хозя', 'арендодател', 'владел', 'у которого (я )?жив', 'у которой (я )?жив',
  'verhuurder', 'huisbaas', 'gastgezin', 'gastheer', 'gastvrouw', 'eigenaar', 'hospita', 'landlord', 'landlady', 'host#', 'host family', 'owner',
);
/** Official bodies: a debt or a kept document there is paperwork, not exploitation. */
const OFFICIAL = rx(
  'ind#', 'гемент', 'ґемент', 'gemeente', 'муніципал', 'муниципал', 'municipal', 'податков', 'налогов', 'belasting', 'toeslag', 'eigen bijdrage', 'посольств', 'консульств', 'ambassade',
  'embassy', 'consulate', 'наклейк', 'стікер', 'sticker', 'банк', 'bank#', 'coa#', 'в україні', 'в украине', 'in oekra', 'in ukraine', 'duo#', 'cjib', 'uwv',
);
const LAUGH = /(?:\b(?:lol|lmao|haha\w*|hihi)\b|ха-?ха|хах|😂|🤣|😅|😆|😄|😁|🙈|\){3,})/u;
/** Something going on for weeks or now and then: a question for the doctor, not an emergency. */
const CHRONIC = rx(
  'часто', 'іноді', 'інколи', 'иногда', 'постійно', 'постоянно', 'вже тиждень', 'уже неделю', 'тижнями', 'неделями', 'місяц', 'месяц', 'роками', 'годами',
  'vaak', 'soms', 'al (een|twee|drie) (week|weken|maand)', 'al weken', 'sinds (een|twee|drie) (week|weken|maand)', 'regelmatig',
  'often', 'sometimes', 'for (a|two|three|several) (week|weeks|month|months)', 'for weeks', 'for months', 'every (day|week|month)', 'since (last|a) (week|month)',
);

// ---------------------------------------------------------------------------------------------------
// Signs
// ---------------------------------------------------------------------------------------------------

interface Sign {
  /** Shown when the safety check is explained (tests, debugging). */
  name: string;
  weight: number;
  all: readonly RegExp[];
  none?: readonly RegExp[];
  /** Cancelled when the message laughs (only for idioms that are jokes when they come with a laugh). */
  notWithLaugh?: boolean;
}

const sign = (name: string, weight: number, all: readonly RegExp[], none?: readonly RegExp[], notWithLaugh?: boolean): Sign => ({
  name,
  weight,
  all,
  ...(none ? { none } : {}),
  ...(notWithLaugh ? { notWithLaugh } : {}),
});

// --- crisis --------------------------------------------------------------------------------------

const WISH_DEATH = rx(
  '(хочу|хочеться|хотіла б|хотів би|хочу просто|хотілося б) (просто )?(по|в|у)?мерти#(?! (від|з|зі) (сміху|нудьги|сорому|цікавості))', 'хочу здохнути', 'краще б (я )?(вмерла|вмер|померла|помер|загинула|загинув)',
  '(хочу|хочется|хотела бы|хотел бы|хочу просто) (просто )?(у|по)мереть#(?! (от|со) (смеха|скуки|стыда|любопытства))', 'хочу сдохнуть', 'лучше бы (я )?(умерла|умер|погибла|погиб)',
  'wil (graag |gewoon )?(dood|sterven)#(?!moe)', 'was ik (maar )?dood', 'wou dat ik dood was', 'ik wil dood',
  '(want|wanna|wanted|wish|ready) (to )?die#(?! (of|from|laughing|for))', 'wish i (was|were|had) (dead|died)', 'rather (be )?dead', 'would rather die',
);
const NOT_LIVE = rx(
  'не хоч(у|еться) (\\S+ )?(більше |далі )?жити', 'жити (\\S+ )?не хоч', 'набридло жити', 'втоми\\S* (жити|від життя)', 'не хочу (більше )?існувати', 'не можу (більше )?жити',
  'не хоч(у|ется) (\\S+ )?(больше |дальше )?жить', 'жить (\\S+ )?не хоч', 'надоело жить', 'устал\\S* (жить|от жизни)', 'не хочу (больше )?существовать', 'не могу (больше )?жить',
  'nie?t? me+r (\\S+ )?(willen )?leven', 'wil (\\S+ )?nie?t? me+r (\\S+ )?leven', 'levensmoe', 'moe van het leven', 'het leven (\\S+ )?(moe|zat)', 'klaar met (het|mi?j?n) leven',
  "(don'?t|do not|dont) (\\S+ )?(want|wanna) to (\\S+ )?(live|be alive|exist|be here)", 'tired of (being alive|living|life|existing)', 'sick of (being alive|living|life)', 'done with (life|living)',
  '(no|nothing) (more |left )?to live for', 'not worth living',
  // not wanting to wake up, to be here, to exist
  'не хоч(у|еться) (\\S+ )?(більше |взагалі |ніколи )?(прокидат|просинат|прокинут)', 'не хоч(у|ется) (\\S+ )?(больше |вообще |никогда )?(просыпат|проснут)',
  'wil (\\S+ )?nie?t? (meer )?wakker (\\S+ )?worden', 'nie?t? meer wakker (\\S+ )?(willen |te )?worden', "(don'?t|do not|dont) (\\S+ )?(want|wanna) to (\\S+ )?wake up(?! (early|at|before|for|in time|on time|so))",
  'er (\\S+ )?nie?t? me+r (\\S+ )?(wil|willen|wilt) zijn', '(wil|willen|wilt) er (\\S+ )?nie?t? me+r zijn', 'не хоч(у|еться) (більше )?(бути|існувати)#', 'не хоч(у|ется) (больше )?(быть|существовать)#',
  "(don'?t|do not|dont) want to be here any ?more",
);
const WHY_LIVE = rx(
  '(навіщо|нащо|для чого) (я )?(\\S+ )?(живу|жити)', 'навіщо мені (\\S+ )?далі', 'нема(є)? (заради|для) чого жити',
  '(зачем|для чего) (я )?(\\S+ )?(живу|жить)', 'зачем мне (\\S+ )?дальше', 'незачем жить',
  'waarom (\\S+ )?leef ik', 'waarvoor leef ik', 'why (do|am) i (even |still )?(live|living|alive|exist)', 'what am i (even )?living for',
);
const NO_POINT = rx(
  'не бачу (\\S+ )?сенсу', 'нема(є)? сенсу (\\S+ )?(жити|далі)', 'який сенс (жити|далі|у всьому|в усьому|в житті)', 'життя (не має|втратило) сенс',
  'не вижу (\\S+ )?смысла', 'нет смысла (\\S+ )?(жить|дальше)', 'какой смысл (жить|дальше|во всем|в жизни)', 'жизнь (не имеет|потеряла) смысл',
  'heeft (het|alles|mi?j?n leven) geen zin meer', 'geen zin meer in (het|mi?j?n) leven', 'zie (het|er) (\\S+ ){0,2}nie?t? meer zitten',
  "(don'?t|do not|can'?t|no longer) see (the|any) point( any ?more| in (anything|living|life|going on|it all)|#(?! (of|in)))", "what'?s the point (of|in) (living|life|anything|going on|it all)", "what'?s the point any ?more",
  'no point (in )?(living|going on|anything)', 'life is (meaningless|pointless)',
);
const HOPELESS = rx('geen uitweg', 'no way out', 'виходу (немає|нема)', '(немає|нема) виходу', 'выхода нет', 'нет выхода', 'безвих', 'безысход', 'uitzichtloos', 'hopeless', 'безнадійн', 'безнадежн');
const NO_SENSE = rx('heeft (\\S+ )?(allemaal |alles )?geen zin (meer)?#(?! (om|te|voor|als))', 'все марно', 'вс[её] бессмысленно', 'все безглузд', 'nothing matters', 'alles is (\\S+ )?voor niks', 'все було дарма', 'все было зря', 'all for nothing');
const LOST_ALL = rx('все втратила', 'все втратив', 'вс[её] потеряла', 'вс[её] потерял', 'alles kwijt', 'alles verloren', 'lost everything', "everything'?s gone", 'nothing left');
const DISAPPEAR = rx(
  '(хочу|хочеться|хотілося б) (\\S+ )?(просто )?зникнути', 'зникнути назавжди', 'якби (я|мене) (зникла|зник|не стало)',
  '(хочу|хочется|хотелось бы) (\\S+ )?(просто )?исчезнуть', 'исчезнуть навсегда', 'если бы (я|меня) (исчезла|исчез|не стало)',
  '(wil|zou) (\\S+ )?(gewoon |graag )?verdwijnen', 'als ik (\\S+ )?(gewoon |er )?(verdwijn|verdwenen ben|er niet meer ben|niet meer besta)', 'als ik er niet meer (was|ben)',
  '(want|wanna|wish i could|like) (to )?(just )?(disappear|vanish|not exist)', 'if i (just )?(disappeared|vanished|was gone|were gone|wasn.t here)', 'want to disappear',
);
const BETTER_WITHOUT_ME = rx(
  'без (мене|меня) (\\S+ ){0,3}(краще|легше|лучше|легче|спокійніше|спокойнее)', '(краще|легше|лучше|легче)\\S* (\\S+ ){0,3}без (мене|меня)#',
  '(beter|makkelijker|fijner) (\\S+ ){0,4}zonder (mij|me)#', 'better off without me', '(easier|better) (for (everyone|them|all|my \\S+) )?without me', 'better off dead',
);
const BURDEN = rx(
  'я (\\S+ ){0,2}(тягар|тягарем|обуза|обузой)', 'обуз\\S* для', 'тягар\\S* для', '(всім|усім|всем) (тільки |только )?(заважаю|мешаю)',
  "(i'?m|i am) (just |only |such )?a burden", 'burden (to|for|on) (everyone|my|them)', '(ik ben|ben ik) (\\S+ ){0,2}(een )?last (voor|#)', 'tot last',
);
const NOBODY_MISS_ME = rx(
  '(ніхто|никто|nobody|no one|noone|niemand) (\\S+ ){0,2}(б |бы |would |zou |will |zal |не |even )+(і |и )?(не )?(помітить|помітив|помітила|сумува|скучат|заметит|заметил|заметила|вспомнит|notice|miss|care|merken|missen|opmerken)',
  '(нікому|никому) (я )?(\\S+ )?не (потрібна|потрібен|нужна|нужен)', '(nobody|no one) (needs|cares about|would miss) me', 'niemand (heeft|mist) m(ij|e)',
);
const IF_I_DIE = rx(
  'якщо (я )?(\\S+ )?(не прокинусь|помру|вмру|умру|зникну)', 'якщо мене не стане', 'якби (я )?(помер|померла|не прокинул)',
  'если (я )?(\\S+ )?(не проснусь|умру|помру|исчезну)', 'если меня не станет', 'если бы (я )?(умер|умерла)',
  'als ik (\\S+ )?(niet (meer )?wakker word|dood ga|doodga|sterf|er niet meer ben)', "if i (\\S+ )?(die|died|don'?t wake up|never wake up|was gone|were gone|wasn'?t here)",
);
const FAREWELL_STRONG = rx(
  'прощальн\\S* (лист|записк|письм|повідомл|сообщ|відео|видео)', 'написал\\S* (\\S+ ){0,2}(листи|лист|письма|письмо|записк) (\\S+ )?(дітям|рідним|родным|детям|всім|всем|мамі|маме|сину|сыну|доньці|дочери)',
  'afscheidsbrie', 'afscheid (\\S+ ){0,2}(genomen|nemen|neem) van (iedereen|jullie|mi?j?n|alle)', 'brie(f|ven) (\\S+ )?(geschreven|schrijf) (\\S+ )?(aan|voor) (mi?j?n|iedereen)',
  '(goodbye|farewell|suicide) (letter|note|message|video)s?', '(wrote|written|writing|left) (\\S+ ){0,2}(letters?|notes?|goodbyes?) (to|for) (my (kids|children|family|mom|mum|mother|dad|parents|husband|wife|son|daughter|sister|brother|loved ones)|everyone|all of)',
  '(це|это|dit is|this is) (моє |мое |mijn |my )?(останнє|последнее|laatste|last) (повідомлення|сообщение|bericht|message)',
  'прощаюсь з (усіма|всіма)', 'прощаюсь со всеми', 'прощайте (всі|все|усі)', '(saying|say) goodbye to (everyone|you all|all of you)',
);
/** Saying goodbye, thanks for everything, asking forgiveness of everyone. */
const FAREWELL_WEAK = rx(
  'прощай#', 'прощавай', 'прощайте', 'vaarwel', 'farewell', 'goodbye forever', 'назавжди#', 'навсегда#',
  'дякую (\\S+ ){0,2}за (все|усе)#', 'спасибо (\\S+ ){0,2}за вс[её]#', 'bedankt voor alles', 'dank (je|jullie) voor alles', 'thank(s| you) for everything',
  'дякую що (ви )?були поруч', 'спасибо что (вы )?были рядом', 'thank you for being there', 'bedankt dat (je|jullie) er (altijd )?(was|waren)',
  '(вибачте|пробачте) (\\S+ )?(всі|усі|мене)', 'простите (\\S+ )?(все|меня)', 'vergeef (me|mij)', 'forgive me', 'sorry (to|for) everyone',
);
/** Telling someone to look after the family, as if one will not be there to. */
const CARE_FOR_THEM = rx(
  'береги (маму|тата|дітей|себе|їх|сестру|брата)', 'бережи (маму|папу|детей|себя|их|сестру|брата)', 'подбай (\\S+ )?про', 'позаботься (\\S+ )?о', 'доглянь за', 'присмотри за',
  'take care of (mom|mum|dad|the kids|my|our)', 'look after (mom|mum|dad|the kids|my|our)', 'zorg (goed )?voor (mama|papa|de kinderen|m)',
);
/** The person no longer answers, or things will sort themselves out without them. */
const GONE_QUIET = rx(
  'трубку не бер', 'не бере трубку', 'не берет трубку', 'не відповіда', 'не отвечает', "(doesn'?t|does not|won'?t) (answer|pick up)", 'neemt (de telefoon )?niet (meer )?op',
  'так буде краще', 'так будет лучше', 'zo is het beter', "it'?s better this way", 'всі проблеми (\\S+ )?(самі )?виріш', 'все проблемы (\\S+ )?(сами )?реш', 'all (my |the )?problems (will )?(be )?solved',
);
const GIVE_AWAY = rx(
  'розда\\S* (\\S+ ){0,2}(речі|вещі|все|усе|свої)', 'разда\\S* (\\S+ ){0,2}(вещи|всё|все|свои)', 'віддал\\S* (кота|собаку|пса|кішку)', 'отдал\\S* (кота|собаку|кошку)',
  'geef (\\S+ ){0,3}weg', 'weggegeven', 'giv(e|ing|en) away (all )?(my|everything)', 'gave away (all )?(my|everything)',
);
const JUMP = rx(
  '(стрибн|стрибат|стрибаю|вистриб|кинут|кинус|вийти|вийду|шагнут|шагну)\\S* (з|із|зі|у|в) (\\S+ )?(вікна|вікно|даху|мосту|балкон|поверх)',
  '(прыгн|прыгат|прыгаю|выпрыгн|брос|выйти|выйду|шагн)\\S* (с|со|из|в) (\\S+ )?(окна|окно|крыши|моста|балкон|этаж)',
  '(spring|sprong|springen)\\S* (van|uit|voor|af) (\\S+ ){0,2}(brug|dak|balkon|raam|flat|trein|gebouw)', '(dak|brug|balkon|flat)\\S* (\\S+ ){0,6}(te )?springen#',
  '(jump|jumped|jumping|throw myself|step) (off|from|out of|out the|in front of) (\\S+ ){0,2}(balcony|bridge|roof|window|building|ledge|train|tram|metro)',
  'під (потяг|поїзд|машину)', 'под (поезд|машину|электричку)', 'voor de trein', 'in front of a (train|car|bus)',
);
const PILLS_MEANS = rx(
  '(скільки|сколько|hoeveel|how many) (\\S+ ){0,2}(таблет|пігул|пилюл|снодійн|снотворн|pill|slaappil|tablet)',
  'смертельн\\S* доз', 'летальн\\S* доз', 'dodelijke (dosis|hoeveelheid)', 'lethal (dose|amount)', 'fatal dose',
  '(наковта|накопич|набрал\\S* |набрав |збира\\S* |накопил|наглота|собира\\S* )\\S*(\\S+ )?таблет', 'pillen (\\S+ )?(verzameld|gespaard|opgespaard)', '(collect|stockpil|sav)(ed|ing) (up )?(\\S+ )?pills',
);
const DEATH_OUTCOME = rx('помер', 'вмер', 'умер', 'не прокин', 'не просн', 'dood#', 'sterven', 'wakker', 'die#', 'dying', 'wake', 'kill', 'end it', 'смерт', 'fatal', 'lethal');
const END_IT = rx(
  '(хочу|думаю|хочеться|як би|як) (\\S+ ){0,2}(все|усе|це все|це) (\\S+ )?(закінчити|закінчить|припинити)', '(все|усе) закінч(у|ить)#', 'покласти (\\S+ )?край',
  '(хочу|думаю|хочется|как бы|как) (\\S+ ){0,2}(все|это все|это) (\\S+ )?(закончить|прекратить)', 'вс[её] закончу#', 'покончить со всем',
  'er een (eind|einde) aan (\\S+ )?maken', 'wil dat (\\S+ )?alles (\\S+ )?ophoudt', '(end|ending|ended) it all', 'end it tonight', 'want (it|everything) to (\\S+ )?(stop|end)',
);
const EXHAUSTED = rx(
  'не можу (так )?більше#', 'більше не можу#', 'сил (більше )?(нема|немає)', 'не витриму', 'втомил\\S* від (усього|всього|всього цього)',
  'не могу (так )?больше#', 'больше не могу#', 'сил (больше )?нет', 'не выдерживаю', 'устал\\S* от (всего|всего этого)',
  'kan (het )?niet meer#', 'houd (het )?niet meer vol', 'geen kracht me+r', 'trek het niet meer', "can'?t (do this|take (it|this)) any ?more", "can'?t go on", 'so tired of everything',
);
const ON_EDGE = rx(
  'стою на (мосту|даху|краю)', 'стою на (крыше|краю)', 'sta (\\S+ )?op (de|een|het) (\\S+ )?(brug|dak)', '(stand|standing) on (the|a) (bridge|roof|ledge)',
);

const CRISIS: readonly Sign[] = [
  sign('wish-death', 2, [WISH_DEATH]),
  sign('not-live', 2, [NOT_LIVE]),
  sign('why-live', 2, [WHY_LIVE]),
  sign('no-point', 2, [NO_POINT]),
  sign('disappear', 2, [DISAPPEAR]),
  sign('hopeless', 1, [HOPELESS]),
  sign('no-sense', 1, [NO_SENSE]),
  sign('lost-all', 1, [LOST_ALL]),
  sign('better-without-me', 2, [BETTER_WITHOUT_ME]),
  sign('burden', 2, [BURDEN]),
  sign('farewell', 2, [FAREWELL_STRONG]),
  sign('farewell-weak', 1, [FAREWELL_WEAK]),
  sign('care-for-them', 1, [CARE_FOR_THEM]),
  sign('gone-quiet', 1, [GONE_QUIET]),
  sign('give-away', 1, [GIVE_AWAY]),
  sign('jump', 2, [JUMP]),
  sign('pills-death', 2, [PILLS_MEANS, DEATH_OUTCOME]),
  sign('pills', 1, [PILLS_MEANS]),
  sign('end-it', 2, [END_IT]),
  sign('nobody-misses', 1, [NOBODY_MISS_ME]),
  sign('if-i-die', 1, [IF_I_DIE]),
  sign('exhausted', 1, [EXHAUSTED]),
  sign('on-edge', 2, [ON_EDGE]),
];

// --- domestic violence -----------------------------------------------------------------------------

const HARM_VERBS = [
  // uk (apostrophes already dropped: бʼє → бє)
  'бє#', 'бють#', 'бив#', 'била#', 'били#', 'побив', 'побила', 'побили', 'вдарив', 'вдарила', 'вдарили', 'вдаря', 'вдарит', 'бити#', 'штовха', 'штовхну', 'душит', 'душив', 'душила', 'душать',
  'придуш', 'лупцю', 'лупить', 'гамсел', 'копа[єю]#', 'копну', 'штурха', 'штурхну', 'товче', 'тягає за', 'хапає за', 'схопив за', 'кидається на', 'жбурля',
  // ru
  'бьет#', 'бьют#', 'бил#', 'избил', 'избива', 'побил', 'ударил', 'ударя', 'толка', 'толкну', 'душил', 'пина', 'пнул', 'лупит', 'колотит', 'таска\\S* за', 'хвата\\S* за', 'схватил за', 'кидается на', 'швыря',
  // nl
  'slaat#', 'sloeg#', 'slaan#', 'geslagen', 'schopt', 'schopte', 'geschopt', 'duwt#', 'duwde', 'geduwd', 'wurgt', 'wurgde', 'gewurgd', 'knijpt', 'trapt', 'stompt', 'mishandel',
  // en
  'hits#', 'hit#', 'hitting', 'beats#', 'beat#', 'beating', 'beaten', 'kicks#', 'kicked', 'kicking', 'pushes', 'pushed', 'pushing', 'shoves', 'shoved', 'chokes', 'choked', 'choking', 'strangl',
  'slaps', 'slapped', 'punches', 'punched', 'smacks', 'smacked', 'grabs', 'grabbed',
];
const VICTIM_WORDS = [
  'мене#', 'мені#', 'її#', 'нас#', 'дитину', 'дітей', 'доньку', 'дочку', 'сина#', 'маму#', 'дружину', 'сестру',
  'меня#', 'мне#', 'ее#', 'дочь#', 'дочку', 'ребенка', 'детей', 'сына#', 'жену#',
  'me#(?! (at|up|to|in (chess|cards|checkers|tennis|football|a game|the game|every game|poker|fifa))#)', 'mij#', 'haar#', 'ons#', 'de kinderen', 'mi?j?n (kind|kinderen|zoon|dochter|vrouw|moeder|zus)', 'zijn (kind|kinderen|zoon|dochter|vrouw)',
  'her#(?! (at|in|to)#)', 'us#(?! (at|in|to)#)', '(my|his|her) (son|daughter|kid|kids|child|children|mom|mum|mother|wife|sister)',
];
const HARM_ME = near(HARM_VERBS, VICTIM_WORDS, 2);
const PARTNER_HARMS = near(PARTNER_WORDS, HARM_VERBS.filter((v) => !/^(hit|beat|grabs|grabbed)#?$/.test(v)), 1, false);
const RAISED_HAND = rx('підн[ія]\\S* (\\S+ )?на (мене|неї|дітей|дитину) руку', 'руку на (мене|неї) (підн|здійм)', 'подн[яи]\\S* (\\S+ )?на (меня|нее|детей|ребенка) руку', 'руку на (меня|нее) (подн|поднял)');
const KILL_THREAT = rx(
  'погрож\\S* (\\S+ ){0,2}(вбити|вбє|убити|вбю|що вб|зарізат)', 'вбє (мене|нас|дітей)', 'вбю (тебе|тебя)', '(вб|уб)ʼ?ю (тебе|тебя)',
  'угрожа\\S* (\\S+ ){0,2}(убить|убьет|что убь|зарезать)', 'грозит(ся)? (\\S+ ){0,2}(убить|убьет)', 'убьет (меня|нас|детей)',
  'dreig\\S* (\\S+ ){0,3}(te )?(vermoorden|doden|dood te maken|vermoordt|doodmaakt)', 'bedreig\\S* (\\S+ ){0,3}met de dood', '(vermoordt|vermoorden) (me|mij|ons|de kinderen)',
  'threat\\S* (\\S+ ){0,2}(to )?kill', "(he|she|they)('ll| will| would| is going to| gonna) kill (me|us|the kids|my)", 'kill (me|us) if',
);
const THREAT_GENERIC = rx(
  'погрож', 'угрожа', 'грозит', 'dreig', 'bedreig', 'threat',
  'розбер\\S* (\\S+ )?(зі мною|з тобою|з нами)', 'разбер\\S* (\\S+ )?(со мной|с тобой|с нами)', 'пошкоду', 'пожалеешь', 'пожалеет', 'spijt (krijgen|van krijgen)', 'pay for (it|this)', 'regret it',
);
const FEAR = rx('бою', 'боїм', 'страшно', 'страх', 'боюсь', 'боимся', 'боится', 'бояться', 'боятися', 'bang#', 'bang voor', 'schrik', 'scared', 'afraid', 'terrified', 'frightened', 'fear');
const FEAR_OF_HIM = rx(
  'боюс[яь] (\\S+ )?(його|чоловіка|партнера|батька|вітчима|що він|того що він)', 'бо[їя]т\\S* (його|его)', '(його|его) бо[яї]т', 'боюсь (\\S+ )?(его|мужа|партнера|отца|отчима|что он|того что он)',
  'bang (voor|van) (hem|wat hij|mi?j?n (man|partner|vriend|vader|ex))', "(scared|afraid|frightened|terrified) (of )?(what )?(he|him|my husband|my partner|my boyfriend|my ex)('ll| will| might| would)?",
);
const FEAR_HOME = rx(
  'боюс[яь] (\\S+ )?(йти|іти|повертатися|повернутися|бути|лишатися) (\\S+ )?(додому|вдома|до нього)', 'страшно (\\S+ )?(йти|іти|повертатися) (\\S+ )?додому',
  'боюсь (\\S+ )?(идти|возвращаться|вернуться|оставаться) (\\S+ )?(домой|дома|к нему)', 'страшно (\\S+ )?(идти|возвращаться) (\\S+ )?домой',
  'durf (\\S+ )?niet (\\S+ )?(naar huis|terug naar huis|thuis te komen)', '(scared|afraid|frightened|terrified) to go (back )?home', 'bang om (\\S+ )?naar huis',
  'thuis (\\S+ ){0,3}bang#', 'bang (\\S+ ){0,2}thuis',
);
const DRINK = rx('пяний', 'пяна#', 'пє#', 'напива', 'вип\\S* (і|й)', 'випє', 'пьян', 'пьет#', 'напьется', 'выпьет', 'drinkt', 'dronken', 'gedronken', 'drinks#', 'drunk', 'drinking');
const ANGER = rx('злий', 'злий#', 'злой', 'злится', 'злиться', 'лютує', 'бесится', 'агресив', 'агрессив', 'boos#', 'woedend', 'agressief', 'angry', 'furious', 'aggressive', 'in a rage', 'lost his temper');
const HIDE = rx(
  'хова(юсь|ємось|юся|ємося)', 'ховаю (\\S+ )?(дітей|дитину)', 'прячу(сь)?#', 'прячемся', 'прячу (\\S+ )?(детей|ребенка)', 'замика(юсь|юся)', 'запира(юсь|емся)',
  'verstop', 'sluit me(zelf)? op in', 'hide#', 'hiding', 'lock myself', 'sleep in the (bathroom|car|toilet|hallway)', 'сплю (у|в) (ванн|машин|коридор)', 'ночую (у|в) (ванн|машин)',
);
const BECAUSE_OF_HIM = rx('because of (him|my husband|my partner|my boyfriend|my ex)', 'через (нього|чоловіка|партнера)', 'из-за (него|мужа|партнера)', '(door|vanwege) (hem|mi?j?n man|mi?j?n partner)');
const THROWS = rx(
  'кида\\S* (\\S+ )?(речі|речами|посуд|предмети)', 'жбурля', 'бє посуд', 'ламає (\\S+ )?(речі|меблі)', 'швыря', 'кида\\S* (\\S+ )?(вещи|вещами|посуду)', 'бьет посуду', 'ломает (\\S+ )?(вещи|мебель)',
  'gooit (\\S+ )?met', 'smijt', 'slaat (\\S+ )?kapot', 'throws (\\S+ )?(things|stuff|plates)', 'breaks (\\S+ )?(things|stuff|furniture)', 'smash',
);
const TAKE_THINGS = rx(
  '(забира|забрав|забрала|забрали|відбира|відібра|ховає|сховав|тримає|тримають)\\S* (\\S+ ){0,3}(телефон|ключ|грош|картк|паспорт|документ|leefgeld|зарплат|допомог|виплат|пенсі)',
  '(забира|забрал|отбира|отобрал|прячет|спрятал|держит)\\S* (\\S+ ){0,3}(телефон|ключ|деньги|денег|карт|паспорт|документ|leefgeld|зарплат|пособи|выплат|пенси)',
  '(ключ|телефон|паспорт|документ|гроші|деньги|картк|карточк)\\S* (\\S+ ){0,2}(забрав|забрала|забрали|відібра|забрал|отобрал)',
  '(pakt|pakte|neemt|nam|houdt|hield|heeft) (\\S+ ){0,3}(telefoon|mobiel|sleutel|geld|bankpas|pinpas|paspoort|papieren|leefgeld|salaris)',
  '(took|takes|taken|keeps|kept|has|holds|hides|hid|took away|takes away) (\\S+ ){0,2}(phone|keys|money|bank ?card|card|passport|documents|papers|leefgeld|benefits|salary)',
);
const CONFINE_ME = rx(
  'не (пуска|випуска|відпуска|дозволя)\\S* (мене |її )?(\\S+ ){0,2}(нікуди|з дому|з квартири|з кімнати|на вулицю|виходити|гуляти|самою|саму|одну)', 'нікуди не (піду|пустить|пускає)', 'без (його|їхнього|її) дозвол',
  '(замика|зачиня|закрива)\\S* (мене|нас|її|дітей)', '(мене|нас) (\\S+ )?(замика|зачиня|закрива)',
  'не (пуска|выпуска|отпуска|разреша)\\S* (меня |ее )?(\\S+ ){0,2}(никуда|из дома|из квартиры|из комнаты|на улицу|выходить|гулять|одну)', 'никуда не (пойду|пустит|пускает)', 'без (его|их|ее) разрешени',
  '(запира|закрыва)\\S* (меня|нас|ее|детей)', '(меня|нас) (\\S+ )?(запира|закрыва)',
  'laat (me|mij|haar) (\\S+ ){0,2}niet (\\S+ ){0,2}(gaan|weg|naar buiten|de deur uit|alleen)', 'mag (\\S+ ){0,2}niet (\\S+ ){0,2}(alleen|de deur uit|naar buiten)', 'sluit (me|mij|haar) op', 'opgesloten',
  "(won'?t|doesn'?t|does not|will not) let (me|her) (\\S+ )?(leave|go out|go anywhere|out|outside|go alone)", 'lock(s|ed)? (me|her) (\\S+ ){0,2}(in|up)#', 'lock(s|ed)? (me|her) in', "not allowed to (leave|go out)", "can'?t get away from (him|her)",
);
const SURVEIL = rx(
  '(чита|перевіря|перегляда|провіря)\\S* (\\S+ ){0,2}(переписк|листуван|повідомлен|смс|телефон|месендж|вайбер|телеграм)', 'стежить за (мною|кожним)', 'контролю\\S* (\\S+ ){0,2}(кожен|кожний|все|гроші|де я|куди я)',
  '(чита|проверя|просматрива)\\S* (\\S+ ){0,2}(переписк|сообщени|смс|телефон|мессендж|вайбер|телеграм)', 'следит за (мной|каждым)', 'контролир\\S* (\\S+ ){0,2}(каждый|все|деньги|где я|куда я)',
  '(leest|controleert|checkt|bekijkt)\\S* (\\S+ ){0,2}(berichten|appjes|whatsapp|telefoon|mobiel)', 'controleert (\\S+ ){0,2}(alles|waar ik|mi?j?n geld)', 'volgt (\\S+ )?(mijn )?locatie',
  '(reads?|checks?|goes through|go through|monitors?|tracks?) (\\S+ ){0,2}(messages|texts|phone|location|chats|emails|whatsapp)', 'controls (\\S+ ){0,2}(money|everything|where i|who i)', 'checks (\\S+ ){0,3}location',
);
const ISOLATE = rx(
  'не (дозволя|да)\\S* (мені )?(\\S+ ){0,2}(спілкуватися|бачитися|дзвонити|говорити|зустрічатися|виходити)', 'заборон\\S* (\\S+ ){0,5}(спілкуватися|подруг|друз|рідн|дзвонити|працювати|бачитися)',
  'не (разреша|да)\\S* (мне )?(\\S+ ){0,2}(общаться|видеться|звонить|разговаривать|встречаться|выходить)', 'запреща\\S* (\\S+ ){0,5}(общаться|подруг|друз|родн|звонить|работать|видет|видеться)',
  'mag (\\S+ ){0,3}niet (\\S+ ){0,3}(zien|spreken|bellen|praten)', 'met wie ik (\\S+ )?(praat|omga|spreek)', 'bepaalt alles', 'wat ik (aantrek|draag)',
  "(won'?t|doesn'?t|does not) let me (see|talk to|call|meet|speak to)", 'forbids me', 'who i (talk|speak) to', 'what i wear', 'decides everything',
  'вирішує (все|усе) за мене', 'решает (все|вс[её]) за меня', 'що мені (носити|вдягати)', 'что мне (носить|надевать)', 'з ким (мені )?(спілкуватися|говорити)', 'с кем (мне )?(общаться|говорить)',
);
const DEGRADES = rx(
  'ніхто без (нього|мене)', 'без (нього|мене) (я |ти )?ніхто', 'никто без (него|меня)', 'без (него|меня) (я |ты )?никто', 'niks zonder (hem|mij)', 'niets zonder (hem|mij)', 'nothing without (him|me)',
  'ревн', 'jaloers', 'jealous', 'possessive', 'bezitterig',
);
const MONEY_CTRL = rx(
  'просити (\\S+ ){0,3}(грош|на хліб|на їжу)', 'просить (\\S+ ){0,3}(деньги|денег|на хлеб|на еду)', 'не да[єе]\\S* (\\S+ ){0,2}(грошей|денег)',
  'vragen om geld', 'geeft (me|mij) geen geld', 'ask (him )?for money', "(doesn'?t|won'?t) give me (any )?money", 'controls (my|our) money',
);
const SEX_EXPLICIT = rx(
  'згвалт', 'зґвалт', 'ґвалт', 'гвалтува', 'изнасил', 'насилова', 'verkracht', 'aanrand', 'rape(d|s)?#', 'raping', 'sexual(ly)? (assault|abuse|violence|harass)', 'seksueel (geweld|misbruik)',
  'сексуальн\\S* (насильств|насили|домага)', 'домага', 'домогат', 'лапа(є|ет|ють|ют)', 'grop', 'molest',
);
const FORCED_SEX = rx(
  '(примуш|змуш|змуси|застав|принужд|принуди|dwingt|dwong|gedwongen|forc|made me|pressur)\\S* (\\S+ ){0,3}(секс|інтим|интим|seks|sex|спати|спать|переспати|переспать|роздяг|раздева|naar bed)',
  '(без|zonder|without) (моєї |моего |mijn |my )?(згоди|согласия|toestemming|consent)',
);
const NONCONSENT = rx(
  '(сказала|казала) (\\S+ )?(ні|нет)#,? (\\S+ ){0,2}(а|але|но) (він|вона|он)', '(said|told him|say) no,? (but|and) (he|she|they)', 'zei (\\S+ )?nee,? (\\S+ )?(maar|en) (hij|ze)',
  "(he|she|they) (didn'?t|did not|wouldn'?t|would not) stop", 'не (зупинився|зупинилась|перестав|зупинялись)', 'не (остановился|перестал|останавливался)', '(hij|ze) (stopte|hield) (\\S+ )?niet (op)?',
);
const NONCONSENT_WEAK = rx('я не хотіла#(?! *\\p{L})', 'я не хотела#(?! *\\p{L})', "i didn'?t want (it|to)#(?! *\\p{L})", 'ik wilde (het )?niet#(?! *\\p{L})', 'не хотіла цього', 'не хотела этого');
const SHAME = rx('соромно', 'стыдно', 'сором', 'стыд', 'schaam', 'ashamed', 'embarrass', 'нікому не (можу )?(сказати|розповісти)', 'никому не (могу )?(сказать|рассказать)', "can'?t tell anyone", 'niemand (\\S+ )?vertellen');
const NIGHT_EVENT = rx(
  'після (того )?(вечора|вечірки|ночі|побачення)', 'на вечірці', 'после (того )?(вечера|вечеринки|ночи|свидания)', 'на вечеринке', 'na (het|dat|die) (feest|avond|date)', 'op een feest',
  'after (the|that) (party|night|date)', 'at a party', 'last weekend', 'that night', 'with him#', 'з ним#', 'с ним#', 'met hem#',
);
const MEMORY_LOSS = rx('нічого не памʼ?ята', 'не памʼ?ятаю', 'ничего не помн', 'почти ничего не помн', 'не помню', 'weet (\\S+ )?niets meer', 'kan me (\\S+ )?niets herinneren', "(don'?t|can'?t) remember (anything|much)", 'blacked out', 'black-?out');
const COERCED = rx('мене змусили', 'меня заставили', 'меня принудили', 'ze dwongen me', 'they made me', 'i was forced', 'something happened', 'щось сталося', 'что-то случилось', 'er is iets gebeurd', 'підсипа', 'подсыпа', 'drugged', 'in (my|mijn) (drink|drankje)');
const TOUCH = rx('торка', 'чіпа', 'чіпля', 'трога', 'пристає', 'пристает', 'пристаёт', 'лапа', 'мац', 'zit (\\S+ )?aan', 'raakt (\\S+ ){0,3}aan', 'betast', 'touch', 'grop', 'molest', 'fondl');
const ODD_MANNER = rx('дивно', 'странно', 'неприємно', 'неприятно', 'raar', 'vreemd', 'ongepast', 'weird', 'strange', 'inappropriat', 'там#', 'in private', 'вітчим', 'отчим', 'дядько', 'дядя', 'stiefvader', 'oom#', 'stepfather', 'stepdad', 'uncle');
const CHILD_DISTRESS = near(
  ['дитина', 'дитинка', 'діти#', 'ребенок', 'дети#', 'kind#', 'kinderen', 'baby', 'kid#', 'kids#', 'child', 'children'],
  ['плач', 'крич', 'кричат', 'плачут', 'screaming', 'crying', 'screams', 'cries', 'huilt', 'huilen', 'schreeuw', 'gil', 'krijs'],
  3,
);
const ADULT_AGGRESSION = rx(
  '(батько|тато|мати|мама|він|вона|отец|папа|мать|он|она|vader|moeder|hij|ze|dad|father|mom|mother|he|she|parents?) (\\S+ ){0,2}(крич|ор[еу]|лає|кричат|yell|shout|scream|schreeuw|tier)',
  '(yelling|shouting|screaming) (\\S+ )?(dad|father|mom|mother|man|parents)', 'the (dad|father|mom|mother) yelling',
);
const BRUISE = rx('синц', 'синяк', 'blauwe plek', 'bruise', 'побої', 'побои');
const BRUISE_CONTEXT = rx('впала', 'упала', 'вдарил', 'ударил', 'gevallen', 'gestoten', 'fell#', 'bumped', 'постійно', 'постоянно', 'знову', 'опять', 'steeds', 'always', 'again', 'ходить в', 'ходит в', 'приходить з', 'приходит с', 'подруг', 'сусідк', 'соседк', 'buurvrouw', 'vriendin', 'friend', 'she#', 'her#', 'вона#', 'она#', 'ze#');
const EX = rx('колишн', 'бывш', 'ex#', 'ex-', 'mijn ex', 'my ex');
const STALK = rx(
  'знайшов (мене|нас)', 'нашел (меня|нас)', 'heeft (me|mij|ons) gevonden', 'found (me|us)', 'стежить', 'следит', 'переслідує', 'преследует', 'achtervolgt', 'stalk',
  'приїде', 'приедет', 'komt (\\S+ )?(naar|hierheen)', 'coming (here|for me)', 'will come',
);

const DV: readonly Sign[] = [
  sign('harm', 2, [HARM_ME], [STRANGER, STREET]),
  sign('partner-harms', 2, [PARTNER_HARMS]),
  sign('raised-hand', 2, [RAISED_HAND]),
  sign('kill-threat', 2, [KILL_THREAT, PARTNER], []),
  sign('kill-threat-he', 2, [KILL_THREAT, HE], [STRANGER, STREET, WORK_REL, HOUSING_REL]),
  sign('threat-partner', 2, [THREAT_GENERIC, PARTNER], [STRANGER, WORK_REL, HOUSING_REL]),
  sign('threat-he', 2, [THREAT_GENERIC, HE], [STRANGER, STREET, WORK_REL, HOUSING_REL, PARTNER]),
  sign('fear-home', 2, [FEAR_HOME]),
  sign('fear-of-him', 1, [FEAR_OF_HIM]),
  sign('fear-with-partner', 1, [FEAR, PARTNER], [STRANGER]),
  sign('drink', 1, [DRINK, PARTNER]),
  sign('drunk-he', 1, [DRINK, HE], [STRANGER]),
  sign('anger', 1, [ANGER, PARTNER]),
  sign('anger-he', 1, [ANGER, HE], [STRANGER, WORK_REL]),
  sign('hide', 1, [HIDE]),
  sign('because-of-him', 1, [BECAUSE_OF_HIM]),
  sign('throws', 1, [THROWS]),
  sign('takes-things', 1, [TAKE_THINGS], [STREET, OFFICIAL, ROBBED_GROUP]),
  sign('confines', 1, [CONFINE_ME]),
  sign('surveils', 1, [SURVEIL]),
  sign('isolates', 1, [ISOLATE]),
  sign('money-control', 1, [MONEY_CTRL]),
  sign('degrades', 1, [DEGRADES]),
  // Who does it: a partner or relative, or "he" when nothing says boss, landlord or stranger.
  sign('controller', 1, [PARTNER], [STRANGER]),
  sign('controller-he', 1, [HE], [WORK_REL, HOUSING_REL, PARTNER, STRANGER]),
  sign('sexual', 2, [SEX_EXPLICIT]),
  sign('forced-sex', 2, [FORCED_SEX]),
  sign('no-consent', 2, [NONCONSENT]),
  sign('no-consent-weak', 1, [NONCONSENT_WEAK]),
  sign('shame', 1, [SHAME, NIGHT_EVENT]),
  sign('drugged', 2, [MEMORY_LOSS, NIGHT_EVENT, COERCED]),
  sign('touches-child', 2, [TOUCH, CHILD, ODD_MANNER]),
  sign('child-distress', 2, [CHILD_DISTRESS, ADULT_AGGRESSION]),
  sign('bruises', 1, [BRUISE]),
  sign('bruises-context', 1, [BRUISE, BRUISE_CONTEXT], [CHRONIC]),
  sign('ex-stalks', 2, [EX, STALK]),
  sign('ex-threatens', 2, [EX, THREAT_GENERIC]),
];
// Control acts count only when someone close does them, and that someone only counts with an act.
const CONTROL_SIGNS = new Set(['takes-things', 'confines', 'surveils', 'isolates', 'money-control', 'degrades']);
const ACTOR_SIGNS = new Set(['controller', 'controller-he']);

// --- exploitation ----------------------------------------------------------------------------------

const DOCS_HELD = near(
  ['паспорт', 'документ', 'папер', 'paspoort', 'papieren', 'documenten', 'id-kaart', 'passport', 'documents', 'papers', 'id#'],
  [
    'забра', 'забира', 'тримає', 'тримають', 'не віддає', 'не віддають', 'не поверта', 'відібра', 'держит', 'держат', 'не отда', 'не возвра', 'отобра',
    'у (роботодавця|работодателя|начальника|бригадира|нього|него|них|хозяина|хазяїна|посредника|посередника)', 'heeft', 'houdt', 'houden', 'afgepakt', 'ingenomen', 'afgenomen',
    'took', 'taken', 'take#', 'takes', 'keeps', 'keep#', 'kept', 'holds', 'holding', 'has#', 'give (him|them|her)', 'віддати', 'отдать', 'afgeven', 'inleveren', 'hand over',
  ],
  3,
);
const LOST = rx('загуби', 'згуби', 'втрати', 'потеря', 'потерял', 'вкрали', 'украли', 'вкрав', 'украл', 'kwijt', 'verloren', 'gestolen', 'lost#', 'stolen', 'copy', 'копі', 'копи', 'kopie', 'scan');
const CONFINED = rx(
  'не (випуска|відпуска|пуска)\\S* (нас|мене|її|їх)', '(виходити|піти|йти) (\\S+ )?(нам |мені |їм )?(не можна|заборонено|не дозволяють)', 'не можна (\\S+ )?(виходити|піти|йти|звільнитися)',
  'не (выпуска|отпуска|пуска)\\S* (нас|меня|ее|их)', '(выходить|уходить|уйти) (\\S+ )?(нам |мне |им )?(нельзя|запрещено|не разрешают)', 'нельзя (\\S+ )?(выходить|уходить|уйти|уволиться)',
  'mogen (\\S+ ){0,3}niet (\\S+ ){0,2}(weg|naar buiten|het terrein|de deur uit)', 'mag (\\S+ ){0,2}niet (\\S+ ){0,2}(weg|naar buiten|de deur uit)', 'sluiten (ons|me|mij|haar|hen) op', 'opgesloten',
  'locked (in|up)', "(won'?t|don'?t|doesn'?t|do not) let (us|them|her|me|him) (\\S+ )?(leave|go|out)", 'not allowed to (leave|go out|quit)', "(can'?t|cannot) (leave|quit)#", 'не може (піти|вийти|звільнитися)', 'не может (уйти|выйти|уволиться)', 'kan (\\S+ )?niet (meer )?weg',
);
const UNPAID = rx(
  'не (платять|платить|заплатив|заплатили|виплачу|виплатил|видають)', 'не (платят|платит|заплатил|заплатили|выплачива|выплатил)', '(грошей|денег) (\\S+ )?(не бачимо|не бачу|не видим|не вижу|почти не вижу|майже не бачу)', 'не бачимо грошей', 'не видим денег',
  'geen (loon|salaris|geld) (\\S+ )?(gekregen|ontvangen|krijg|krijgt|krijgen)', 'krijg(t|en)? geen (loon|salaris|geld)', 'niet (uit)?betaald', 'betal\\S* (ons|me|mij|haar) niet', 'krijg(t|en)? (\\S+ )?(bijna )?niks',
  'not (been |being )?paid', "(don'?t|doesn'?t|never|haven'?t|hasn'?t) (\\S+ )?pa(y|id) (us|me|her|them)", 'no (pay|wages|salary)', 'unpaid', 'without pay', 'sometimes not at all', 'nothing at all',
  '(і|и) то не (всім|завжди)', 'и то не (всем|всегда)', 'als we geluk hebben', 'if we are lucky', 'if we.re lucky',
);
const FOR_FREE = near(
  ['працю', 'працюва', 'працювати', 'прибира', 'готува', 'работ', 'убира', 'готови', 'werk', 'schoonma', 'koken', 'poetsen', 'work', 'clean', 'cook'],
  ['безкоштовно', 'задарма', 'даром', 'бесплатно', 'за копійки', 'за копейки', 'за безцінь', 'gratis', 'voor niks', 'voor niets', 'for free', 'for nothing', 'unpaid'],
  4,
);
const WORK_NO_PAY = rx('працю\\S* (\\S+ )?без (грошей|оплати|зарплати|платні)', 'работа\\S* (\\S+ )?без (денег|оплаты|зарплаты)', 'werk\\S* (\\S+ )?zonder (loon|geld|betaling|salaris)', 'work\\S* (\\S+ )?without (pay|money|wages|salary)');
const DURATION = rx('(\\d+|два|дві|три|чотири|кілька|декілька|несколько|четыре|twee|drie|vier|paar|two|three|four|several) (\\S+ )?(місяц|месяц|тижн|недел|maand|week|month)', '(третій|другий|третий|второй|четвертий|четвертый) (\\S+ )?(місяць|месяц|тиждень|неделю)', 'вже (\\S+ )?місяц', 'уже (\\S+ )?месяц', 'months', 'maanden');
const CASH = rx('готівк', 'наличк', 'наличн', 'кешем', 'кеш#', 'cash', 'contant', 'zwart (betaald|werken)', 'в конверт');
const NO_CONTRACT = rx('без (контракт|договор|трудов)', 'без (\\S+ )?(контракту|договору)', '(geen|zonder) (\\S+ )?(contract|kontrakt)', 'no contract', 'without (a )?contract', 'неофіційно', 'неофициально', 'нелегально');
const LONG_HOURS = rx('(по )?(1[2-9]|2[0-4]) (годин|часов|час|uur|hours?)', '(1[2-9]|2[0-4])[- ]?(hour|uur|год|час)', 'без вихідних', 'без выходных', 'zonder (vrije|vrij) dag', 'no days? off', '7 days a week', '7 (днів|дней|dagen) (на|в|per)', 'elke dag', 'every day', 'all day', 'цілими днями', 'целыми днями', 'de hele dag');
const THREAT_WORDS = rx('погрож', 'угрожа', 'грозят', 'грозит', 'лякают', 'пугают', 'dreig', 'bedreig', 'threat', "or (he|she|they)('ll| will)", 'інакше', 'иначе', 'anders (\\S+ )?(gaan|zet|bel)', 'otherwise', 'боїться', 'боится', 'боиться', 'бояться', 'bang dat', 'afraid (they|he|she)');
const THREAT_TARGET = rx(
  'депорт', 'deport', 'ind#', 'поліці', 'полици', 'politie', 'police', 'виган', 'вигнат', 'выгна', 'выгон', 'выселит', 'виселит', 'kick (me|us|her|them) out', 'eruit (zetten|gooien)', 'op straat', 'на вулицю', 'на улицу',
  'звільн', 'уволит', 'ontslaan', 'fire (me|us)', 'штраф', 'boete', 'fine#', 'aangeven', 'report (us|me|her|them)', 'здати', 'сдать',
);
const COMPLAIN_QUIT = rx('скаржи', 'скаржим', 'поскарж', 'жалу', 'пожалу', 'klagen', 'klaagt', 'complain', 'піде(мо|ш)', 'підемо', 'уйд(ем|ешь|у)', 'уйти', 'піти', 'stop(pen)? met werken', 'stopen', 'quit', 'leave#', 'звільни', 'уволи');
const FORCED_WORK = rx('змушу\\S* (\\S+ )?(працю|робити)', 'змусили (\\S+ )?працю', 'примушу\\S* (\\S+ )?працю', 'заставля\\S* (\\S+ )?работ', 'заставлю\\S* (\\S+ )?работ', 'заставили (\\S+ )?работ', 'принужда\\S* (\\S+ )?работ', 'dwingen (\\S+ ){0,2}te werken', 'gedwongen (te )?werken', 'forc\\S* (\\S+ )?(to )?work', 'have to (clean|work|cook)', 'must (clean|work|cook)', 'moet (\\S+ )?(schoonmaken|werken|koken)');
const DEBT = rx('борг', 'винна#', 'винен#', 'винні#', 'долг', 'должна#', 'должен#', 'должны#', 'schuld', 'owe#', 'owes', 'owed', 'debt');
const DEBT_BONDAGE = rx(
  'за (дорогу|переїзд|переезд|проїзд|проезд|житло|жилье|квартиру|ліжко|кровать|візу|визу|роботу|работу|транспорт|бус)', 'voor (de )?(reis|bed|huis|busje|vlucht|huisvesting|kamer|vervoer)', 'reisschuld',
  'for the (flight|trip|travel|bed|room|housing|visa|transport|ticket|van)', 'keeps growing', 'росте', 'растет', 'більше ніж заробляю', 'больше чем зарабатываю', 'больше, чем зарабатываю',
  'afbetalen', 'afwerken', 'terugwerken', 'відпрацю', 'отработ', 'work (it |this )?off',
  'працю\\S* (\\S+ ){0,3}за борг', 'работа\\S* (\\S+ ){0,3}за долг', 'werk\\S* (\\S+ ){0,3}(voor|om) (de|een|mijn|onze) schuld', 'work\\S* (\\S+ ){0,3}(for|to pay|to pay off) (a|the|my|our) debt', 'пока не (отдадим|отдам|вернем)', 'поки не (віддамо|віддам|повернемо)', 'aan (ze|hen|hem) (af)?betalen',
);
const DEDUCT = rx('вирахову', 'утриму', 'вычита', 'удержива', 'houdt (\\S+ ){0,3}in#', 'houden (\\S+ ){0,3}in#', 'inhouding', 'deduct', 'takes? (most|all|half|a lot) of (my|our)', 'забира\\S* (\\S+ ){0,2}(зарплат|більшу частину|большую часть|половину)', 'bijna niks over', 'almost nothing left', 'майже нічого не лиша', 'почти ничего не оста');
const JOB_FEE = rx(
  '(заплатил|заплатила|заплатив|платил|платила|плачу|віддал|отдал|взяла? з мене|взяли з мене|взяли с меня|взял с меня|вимага\\S* (\\S+ )?гроші|требу\\S* (\\S+ )?деньги|вимага\\S* (\\S+ )?плат|требу\\S* (\\S+ )?плат)\\S* (\\S+ ){0,4}за (роботу|работу|працевлаштування|трудоустройство|вакансі|місце|место|bsn|бсн|контракт)',
  '(moest|moet|heb|heeft|had) (\\S+ ){0,4}betal\\S* (\\S+ ){0,5}(om|voor) (\\S+ ){0,3}(baan|werk|bsn|contract)', 'betalen voor (een |deze |het )?(baan|werk|bsn)',
  '(had to|have to|paid|pay|pays|charged me) (\\S+ ){0,5}(to get|for) (a |the |this |my )?(job|bsn|work permit|contract)', '(job|recruitment|placement) fee',
);
const RENT = rx('оренд', 'квартплат', 'за квартир', 'за кімнат', 'за комнат', 'за житло', 'за жиль', 'платити', 'платить', 'заплатити', 'заплатить', 'оплат', 'huur', 'rent#', 'the rent', 'room#', 'kamer', 'onderdak', 'woonruimte', 'betalen', 'pay#', 'paying');
const OTHER_WAY = rx(
  'по-іншому', 'по іншому', 'інакше', 'іншим способом', 'по-другому', 'по другому', 'иначе', 'другим способом', 'натурою', 'anders#', 'op een andere manier', 'another way', 'other ways', 'in kind', 'differently',
  'ласкав', 'поступлив', 'сговорчив', 'лагідн', 'привітн', 'nice (to|with) (him|me)', 'lief (voor|tegen|zijn)', 'aardig (voor|tegen) hem', 'be nice',
);
const SEXUAL_FAVOUR = rx('спати з', 'переспати', 'спать с', 'переспать', 'sleep with', 'slaap met', 'naar bed', 'секс', 'интим', 'інтим', 'seks', 'sex#', 'sexual');
const NO_MONEY_WANTED = rx('грошей (\\S+ )?не (хоче|бере|треба)', 'денег (\\S+ )?не (хочет|берет|надо)', 'не хоче грошей', 'не хочет денег', 'wil geen geld', "(doesn'?t|does not) want (my )?money", 'skip the rent', 'не платити оренду', 'не платить аренду', 'hoef (\\S+ )?geen huur', 'voel me niet veilig', 'не почуваюся безпечно', 'не чувствую себя в безопасности', "don'?t feel safe", 'натяка', 'намека', 'hints', 'suggests', 'laat doorschemeren', 'suggereert');
const MINOR = rx(
  '1[0-7]-?(річн|летн|jarig|year)', 'van 1[0-7]#', '1[0-7] (років|рок|лет|год|jaar|years?)', 'підліт', 'підлітк', 'подрост', 'тінейдж', 'школяр', 'школьни', 'minderjarig', 'tiener', 'teen', 'minor#', 'underage',
  'неповнолітн', 'несовершеннолетн', 'дівчинк', 'девочк', 'meisje', 'little girl', 'schoolgirl',
);
const LURE = [
  rx('ночами', 'вночі', 'по ночам', 'ночью', 'нічн', 'ночн', 'overnacht', 'overnight', 'ʼ?s nachts', 'at night', 'night shift', 'з ночівлею', 'с ночевкой', 'met overnachting', 'stay the night'),
  rx('масаж', 'массаж', 'massage', 'модел', 'model', 'фотосес', 'photo ?shoot', 'fotoshoot', 'escort', 'ескорт', 'эскорт', 'вебкам', 'webcam', 'стриптиз', 'strip', 'хостес', 'hostess', 'clubs?#', 'клуб'),
  rx('великі гроші', 'великих грошей', 'большие деньги', 'больших денег', 'легкі гроші', 'легкие деньги', 'легк\\S* (заробіт|заработ|робот|работ)', 'easy (money|job|work)', 'big money', 'veel geld', 'makkelijk geld', 'makkelijk werk', 'за великі', 'за большие'),
  rx('подработ', 'підробі', 'підзароб', 'на машині', 'на машине', 'возят', 'возять', 'in een auto', 'in a car', 'by car', 'picks? (her|him|them) up', 'якісь люди', 'какие-то люди', 'якийсь чоловік', 'какой-то мужчина', 'some (men|people|guy|man)', 'iemand', 'someone', 'незнайом', 'незнаком', 'vreemde', 'stranger', 'telegram', 'instagram', 'tiktok', 'тікток', 'тикток', 'кличуть', 'зовут', 'кличут', 'bood', 'biedt', 'offer'),
];
const TRAFFICKING = rx('торгівл\\S* людьми', 'торговл\\S* людьми', 'експлуатац', 'експлуату', 'эксплуатац', 'эксплуатир', 'рабств', 'mensenhandel', 'uitbuit', 'slavernij', 'traffick', 'exploit', 'slavery', 'forced labou?r', 'примусов\\S* прац', 'принудительн\\S* труд', 'dwangarbeid', 'debt bondage');
const OVERCROWD = rx('живемо (\\S+ )?\\d+ (\\S+ )?(людей|чоловік|осіб)', 'живем (\\S+ )?\\d+ (\\S+ )?(человек|людей)', '(met|wonen) (\\S+ )?\\d+ (mensen|man|personen) in', '\\d+ (people|of us) in (one|a|the same)', '\\d+ (людей|человек|mensen|people) в (одн|одн)');

const EXPLOITATION: readonly Sign[] = [
  sign('trafficking', 2, [TRAFFICKING]),
  sign('documents-held', 2, [DOCS_HELD], [LOST, OFFICIAL]),
  sign('confined', 1, [CONFINED]),
  sign('confined-at-work', 1, [CONFINED, WORK_REL]),
  sign('unpaid', 1, [UNPAID]),
  sign('unpaid-for-long', 1, [UNPAID, DURATION]),
  sign('work-for-free', 1, [FOR_FREE]),
  sign('work-no-pay', 1, [WORK_NO_PAY]),
  sign('cash', 1, [CASH, WORK_REL]),
  sign('no-contract', 1, [NO_CONTRACT]),
  sign('long-hours', 1, [LONG_HOURS, WORK_REL]),
  sign('threats', 1, [THREAT_WORDS, THREAT_TARGET]),
  sign('threat-if-complain', 1, [THREAT_WORDS, THREAT_TARGET, COMPLAIN_QUIT]),
  sign('forced-work', 1, [FORCED_WORK]),
  sign('debt-bondage', 2, [DEBT, DEBT_BONDAGE], [OFFICIAL]),
  sign('deductions', 1, [DEDUCT]),
  sign('job-fee', 2, [JOB_FEE]),
  sign('sex-for-rent', 2, [RENT, SEXUAL_FAVOUR]),
  sign('rent-other-way', 1, [RENT, OTHER_WAY]),
  sign('landlord-hints', 1, [HOUSING_REL, NO_MONEY_WANTED]),
  sign('landlord-other-way', 1, [HOUSING_REL, OTHER_WAY]),
  sign('overcrowded', 1, [OVERCROWD]),
];
// A child or teenager lured with night work, "modelling" or easy money: counted apart (see luredMinor).

// --- emergency -------------------------------------------------------------------------------------

const CALL_FOR_HELP = rx(
  'виклик\\S* (\\S+ )?(поліці|швидк|пожежн|рятувальн)', 'подзвонити (в|у|до) (поліці|швидк)', 'номер (\\S+ )?(поліці|швидко|екстрен|рятувальн)', 'екстрен\\S* (номер|служб|допомог)',
  'вызв\\S* (\\S+ )?(полици|скор|пожарн|спасател)', 'позвонить в (полици|скор)', 'номер (\\S+ )?(полици|скоро|экстренн|спасател)', 'экстренн\\S* (номер|служб|помощ)',
  'politie bellen', 'bel (de )?(politie|ambulance|brandweer)', 'ambulance', 'alarmnummer', 'noodnummer', 'noodgeval', 'brandweer (bellen|komt|gebeld)',
  'call (the |an )?(police|ambulance|fire brigade|fire department)', 'emergency (number|services|line)', 'fire brigade', '(112|911)#', 'report (a|the) crime', 'misdaad (\\S+ )?melden', 'meld misdaad', 'aangifte doen',
  'про злочин', 'о преступлении', 'я в небезпеці', 'я в опасности', 'in gevaar', 'in danger', 'рятуйте', 'спасите', 'допоможіть!', 'помогите!', 'help!',
);
const PAPERWORK = rx('belasting', 'inkomstenbelasting', 'tax return', 'geboorte', 'overlijden', 'податк', 'налог', 'декларац');
const UNCONSCIOUS = rx(
  'без свідомості', 'втрати\\S* свідомість', 'знепритомн', 'не приходить (\\S+ )?(до тями|до себе)', 'не реагу', 'не прокидається', 'не можу (\\S+ )?розбудити', 'не рухається', 'непритомн',
  'без сознания', 'потеря\\S* сознание', 'в обморок', 'не приходит в себя', 'не реагир', 'не просыпается', 'не могу (\\S+ )?разбудить', 'не двига', 'лежит (\\S+ ){0,4}не двига', 'лежить (\\S+ ){0,4}не руха',
  'bewusteloos', 'flauwgevallen', 'reageert niet', 'wordt niet (meer )?wakker', 'krijg (\\S+ )?niet wakker', 'beweegt niet', 'in elkaar gezakt',
  'unconscious', 'passed out', 'fainted', 'unresponsive', 'not responding', "(isn'?t|not|won'?t|doesn'?t|is not) (\\S+ )?waking( up)?", "can'?t wake (him|her|them)", "(isn'?t|not) moving", 'collapsed',
);
const BREATHING = rx(
  'не дихає', 'перестав дихати', 'перестала дихати', 'важко дихає', 'задиха', 'хрипит', 'хрипить', 'не може (\\S+ )?дихати', 'синіє', 'посинів', 'посиніла', 'губи (синіють|сині|посиніли)',
  'не дышит', 'перестал\\S* дышать', 'тяжело дышит', 'задыха', 'не может (\\S+ )?дышать', 'синеет', 'посинел', 'губы (синеют|синие|посинели)',
  'ademt niet', 'stopt met ademen', 'ademt (\\S+ )?(raar|slecht|moeilijk|zwaar|niet goed)', 'benauwd', 'naar adem', 'kan (\\S+ )?niet ademen', 'blauwe lippen', 'stikt',
  "(isn'?t|not|stopped|is not) breathing", "(can'?t|cannot|can not|struggling to|trouble|hard to|difficulty) breath", 'gasping', 'choking', 'blue lips', 'lips are blue', 'turning blue',
);
const CHEST = rx(
  'біль (\\S+ )?(у|в) грудях', 'болить (\\S+ )?(в|у) груд', 'пече (\\S+ )?(в|у) груд', 'боль (\\S+ )?в груди', 'болит (\\S+ )?(в )?груд', 'давит (\\S+ )?в груди', 'pijn (\\S+ )?(op|in) de borst', 'drukkend gevoel op de borst',
  'chest pain', 'pain in (his|her|my) chest', 'chest (hurts|is hurting|feels tight)', 'інфаркт', 'инфаркт', 'серцевий напад', 'сердечный приступ', 'hartaanval', 'heart attack',
);
const ACUTE_SIDE = rx(
  'рука (\\S+ )?(німіє|оніміла|немеет|онемела)', '(німіє|оніміла|немеет|онемела) (\\S+ )?рука', 'arm (\\S+ )?(tintelt|gevoelloos|doof)', 'arm (is |feels )?numb', 'numb arm', 'потіє', 'потеет', 'zweet', 'sweat', 'misselijk', 'нудить', 'тошнит', 'nause',
  'раптом', 'вдруг', 'внезапно', 'plotseling', 'opeens', 'suddenly', 'зараз', 'сейчас', 'nu#', 'right now', 'just now',
);
const STROKE = rx('інсульт', 'инсульт', 'beroerte', '(a|having a|had a|think it.s a) stroke', 'перекосил', 'scheef gezicht', 'face (is )?drooping', 'не може (\\S+ )?говорити', 'не может (\\S+ )?говорить', 'kan (\\S+ )?niet (meer )?praten', "can'?t (talk|speak) properly", 'slurr');
const SEIZURE = rx('судом', 'судорог', 'епілепт', 'эпилепт', 'stuip', 'epileptische aanval', 'seizure', 'convuls', 'піна з рота', 'пена изо рта', 'пена с рта', 'пена изо рта', 'schuim op de mond', 'foaming at');
const SWELL = rx('набряк', 'набрякл', 'опух', 'отек', 'отёк', 'отекл', 'zwel', 'gezwollen', 'dik#', 'dikker', 'swell', 'swollen', 'puffed up', 'puffy');
const SWELL_PART = rx('обличч', 'лиц', 'горл', 'губ', 'язик', 'язык', 'шия', 'шея', 'keel', 'lippen', 'lip#', 'tong#', 'gezicht', 'face', 'throat', 'lips', 'tongue', 'neck');
const ALLERGEN = rx(
  'арахіс', 'арахис', 'горіх', 'горіш', 'орех', 'nuts', 'peanut', 'pinda', 'noten', 'укус', 'ужал', 'вкусила', 'вкусив', 'оса#', 'оси#', 'осы#', 'бджол', 'пчел', 'wesp', 'bij#', 'bee#', 'bees#', 'wasp', 'sting', 'stung', 'gestoke',
  'алергі', 'аллерги', 'allergi', 'anafyl', 'anaphyl', 'ate#', 'eaten', 'зʼ?їв', 'зʼ?їла', 'съел', 'съела', 'gegeten', 'після (ліків|таблет|уколу)', 'после (лекарств|таблет|укола)',
);
const BLOOD = rx('кров', 'bloed#', 'bloedt#', 'bloeding', 'bloedend', 'blood#(?! (test|pressure|sugar|type|donation|work|group|count))', 'bleeding', 'bleeds', 'кровотеч');
const HEAVY = rx(
  'не зупиня', 'не спиня', 'не припиня', 'не останавлива', 'не перестает', 'stopt niet', 'houdt niet op', "won'?t stop", "doesn'?t stop", 'not stopping', "can'?t stop",
  'lots of', 'a lot of', 'so much', 'veel#', 'heel (erg|veel)', 'багато', 'много', 'сильн', 'hevig', 'heavily', 'badly', 'everywhere', 'всюди', 'везде', 'overal', 'хлище', 'хлещет', 'fontein', 'gushing', 'pool of',
);
const WOUND = rx('порізав', 'порізала', 'порізався', 'порізалась', 'поранив', 'поранила', 'порезал', 'ранен', 'поранен', 'sneed', 'gesneden', 'gewond', 'cut (my|his|her|their)', 'wounded', 'injured', 'stabbed', 'gestoken met', 'neergestoken', 'ножем', 'ножом');
const BLEEDING_STOPPED = rx('кров (\\S+ )?(вже )?(зупинил|спинил|перестала)', 'кровь (\\S+ )?(уже )?(остановил|перестала)', '(bloed|bloeden|bloeding) (\\S+ ){0,2}(gestopt|opgehouden)', 'bleeding (has )?stopped', 'stopped bleeding');
const SWALLOWED = rx(
  'проковтн', 'ковтнув', 'ковтнула', 'наковта', 'проглот', 'наглота', 'випив', 'випила', 'выпил', 'выпила', 'зʼ?їв', 'зʼ?їла', 'съел', 'съела', 'наївся', 'наелся',
  'ingeslikt', 'doorgeslikt', 'heeft (\\S+ ){0,3}(gegeten|gedronken|ingenomen|geslikt|opgegeten)', 'swallowed', 'ate#', 'drank#', 'took#', 'got into', 'has eaten', 'has taken',
);
const SUBSTANCE = rx(
  'таблет', 'пігулк', 'пилюл', 'ліки', 'ліків', 'лекарств', 'pills', 'pillen', 'medicijn', 'tablet', 'медикамент', 'батарейк', 'battery', 'batterij', 'магніт', 'магнит', 'magnet', 'монет', 'coin', 'munt',
  'хлорк', 'bleach', 'chloor', 'отрут', 'отрав', 'poison', 'gif#', 'засіб для', 'средство для', 'schoonmaakmiddel', 'cleaning', 'мийн', 'моющ', 'гриб', 'mushroom', 'paddenstoel',
  'something at a party', 'щось на вечірці', 'что-то на вечеринке', 'iets op een feest', 'drugs', 'наркот', 'спирт', 'антифриз', 'antifreeze', 'ацетон', 'aceton', 'рідин', 'жидкост',
);
const LOT = rx('все#', 'всі#', 'усі#', 'весь#', 'всю#', 'целую', 'цілу', 'упаковк', 'пачк', 'пляшк', 'бутыл', 'багато', 'много', 'kilka', 'all (the|of|my|his|her)', 'whole', 'a lot', 'lots', 'bottle', 'strip#', 'doos', 'hele', 'veel', 'een paar', 'several', 'бабусин', 'бабушкин', 'дідов', 'дедушкин');
const POISONED = rx('отруї', 'отравил', 'отравлен', 'vergiftig', 'poisoned', 'poisoning', 'передоз', 'overdos', 'overdose');
const FIRE_NOUN = rx('пожеж(?!н)', 'пожар(?!н)', 'полумʼ?я', 'пламя', 'пламени', 'vlammen', 'flames', 'brand#', 'brandt#', 'in brand', 'fire#', 'on fire', 'вогонь', 'огонь', 'горить#', 'горит#', 'горимо', 'горим#');
const FIRE_LITERAL = rx(
  'пожеж(?!н)', 'пожар(?!н)', 'полумʼ?я', 'пламя', 'vlammen', 'flames', 'er is brand', 'staat in brand', 'in brand (gevlogen|gevlogen)', 'brand (in|bij|op)', 'brand#,? help', 'het brandt', 'on fire#(?! hot)', 'caught fire',
  '(a|the) fire (in|at|on|from|next door|downstairs|upstairs)', "there'?s a fire", 'there is a fire', 'help,? fire', 'fire,? help', 'fire!',
  '(у нас|в нас|все|усе|квартира|будинок|кухня|кімната|машина|сусіди|проводка) (\\S+ )?горить', 'горить (\\S+ )?(квартира|будинок|кухня|кімната|машина|дім|під.їзд)',
  '(у нас|все|квартира|дом|кухня|комната|машина|соседи|проводка) (\\S+ )?горит', 'горит (\\S+ )?(квартира|дом|кухня|комната|машина|подъезд)',
  '(вогонь|огонь|полумʼ?я|пламя) (\\S+ ){0,2}(у|в|на|по|з|із|из|під|под) ', '(вогонь|огонь|полумʼ?я|пламя) (\\S+ )?(перекин|поширю|розгор|распростран|разгор)',
  'загор[іе]л(ся|ась|ася|ось|ись)#', 'загорі(вся|лося|лись)#', 'спалахну', 'вспыхну', 'vlam gevat', 'vatte vlam', 'caught fire', 'is burning#',
);
const NOT_A_FIRE = rx('лампочк', 'індикатор', 'индикатор', 'світло', 'свет#', 'свет на', 'датчик', 'сигналіз', 'сигнализ', 'lampje', 'warning light', 'light came on', 'check engine');
const SMOKE = rx(
  'дим (\\S+ )?(іде|йде|валить|з |із |на |в |у |всюди|повсюди)', '(багато|повно|густий) диму', 'пахне (\\S+ )?(димом|гарʼ?ю|горілим)', 'дым (\\S+ )?(идет|валит|из |на |в |везде)', '(много|полно|густой) дыма', 'пахнет (\\S+ )?(дымом|гарью|горелым)',
  'rook (\\S+ ){0,2}(uit|in de|op de|overal|komt)', 'veel rook', 'ruik (\\S+ )?(rook|brand|iets branden)', 'smoke (\\S+ ){0,2}(coming|everywhere|in the|from|under)', 'smell(s|ing)? (\\S+ )?(smoke|burning)', 'full of smoke', 'lots of smoke',
  'дим на сход', 'дым на лестниц',
);
const GAS = rx('пахн\\S* (\\S+ )?газом', 'запах (\\S+ )?газ', 'витік газу', 'утечк\\S* газа', 'gaslucht', 'ruik\\S* (\\S+ )?gas', 'gaslek', 'smell(s|ing)? (\\S+ )?(of )?gas', 'gas leak', 'leaking gas', 'газом пахне', 'газом пахнет');
const BREAK_IN = rx(
  'ломиться', 'ломляться', 'ломится', 'ломятся', 'вломил', 'вламыва', 'вламуют', 'вломи', 'влізти', 'залізти', 'залізли', 'залезть', 'залезли', 'вибити двері', 'выбить дверь',
  '(намага|пробу|пыта)\\S* (\\S+ )?(відкрити|відчинити|открыть|залізти|залезть|влезть|вломиться|проникнуть) (\\S+ ){0,2}(замок|двер|вікн|окн)',
  'inbre(ek|ker|ken)', 'ingebroken', 'inbraak', 'probeert (\\S+ ){0,3}(binnen te komen|de deur|het slot|open te)', 'bonzen', 'bonst',
  'break(s|ing)? in', 'broke in', 'breaking into', 'burglar', 'intruder', 'banging on (my|our|the) door', 'trying to (open|get in|break)', 'someone (is )?in (our|my|the) (house|flat|room|apartment)',
  '(hij|iemand) (\\S+ )?(nog )?in (huis|de kamer|het huis)', 'в квартирі (\\S+ )?(хтось|чужий)', 'в квартире (\\S+ )?(кто-то|чужой)',
);
const FOLLOWED = rx(
  'за (мною|мной|нами) (\\S+ ){0,4}(йде|іде|ходить|слідкує|стежить|иде|идет|ходит|следит|едет|їде)', '(йде|іде|ходить|идет|ходит|едет|їде) (\\S+ ){0,2}за (мною|мной|нами)', 'переслідує', 'преследует', 'стежить за (мною|нами)', 'следит за (мной|нами)',
  'volgt (me|mij|ons)#', 'achtervolg', '(is|been|keeps) following (me|us)', 'following me', 'followed me', 'stalking (me|us)', 'stalks me',
);
const SOCIAL = rx('instagram', 'insta#', 'tiktok', 'facebook', 'twitter', 'telegram', 'youtube', 'канал', 'kanaal', 'channel', 'підписа', 'подписа', 'account', 'акаунт', 'аккаунт');
const WEAPON = rx('з ножем', 'с ножом', 'met een mes', 'with a knife', 'has a knife', 'ніж у', 'нож у', 'пістолет', 'пистолет', 'pistool', 'вогнепальн', 'огнестрел', 'стріляють', 'стреляют', 'schiet', 'schoten', 'shots fired', 'gunshot', 'with a gun', 'has a gun', 'holding a gun', 'stabbed', 'neergestoken', 'gestoken met', 'зарізат', 'зарезать');
const FIGHT = rx('бійк', 'драк', 'vechtpartij', 'knokpartij', 'a fight (in|at|outside|near|on|going)', 'fighting (outside|in the|in our)', 'slaan elkaar', 'бʼ?ються (\\S+ )?(на|біля|під|в коридор)', 'дерутся (\\S+ )?(на|у|под|в коридор)');
const SCHOOL = rx('школ', 'school', 'дітьми', 'детьми', 'klas', 'class');
const ROBBED = rx('пограбува', 'ограбил', 'ограбили', 'beroofd', 'overval', 'robbed', 'mugged');
const STOLEN = rx('вкрали', 'украли', 'вкрав', 'украл', 'вытащили', 'витягли', 'gestolen', 'stolen', 'stole#');
const MISSING = rx(
  'не (повернувся|повернулась|повернулася|повернулись|прийшов|прийшла|вернувся|вернулась)', 'не (вернулся|вернулась|вернулись|пришел|пришла|пришли)', 'зник#', 'зникла', 'зникли', 'пропав#', 'пропала#', 'пропал#', 'пропали#', 'загубився', 'загубилася', 'потерялся', 'потерялась',
  'vermist', 'kwijt#', 'niet (\\S+ )?(thuisgekomen|teruggekomen|thuis gekomen)', 'is weg#', 'is missing', 'went missing', "(hasn'?t|has not|didn'?t|did not) (come|came|got|gotten) (home|back)", 'not (come )?(home|back) yet',
  "can'?t find (my|our) (son|daughter|child|kid)", 'не можу знайти (\\S+ )?(дитину|сина|доньку|дочку)', 'не могу найти (\\S+ )?(ребенка|сына|дочь|дочку)', 'kan (mi?j?n )?(\\S+ )?(zoon|dochter|kind) niet vinden', 'lost my (child|kid|son|daughter)',
);
const LATE = rx('темно', 'ніч', 'вночі', 'ночь', 'ночью', 'поздно', 'пізно', 'donker', 'nacht', 'laat#', 'dark', 'night', 'late#', 'телефон (\\S+ )?(вимкнен|выключен|не відповідає|не отвечает)', 'telefoon (staat )?uit', 'phone (is )?(off|dead)', 'годин', 'часов', 'uur#', 'hours');
const STRANGER_THREAT = rx('угрожа', 'погрожу', 'погрожує', 'dreigt', 'bedreig', 'threaten', 'kill (us|me|you)', 'вбʼ?є (нас|мене)', 'убьет (нас|меня)', 'знає де (ми )?жив', 'знает где (мы )?жив', 'weet waar (we|wij|ik) (wonen|woon)', 'knows where (we|i) live', 'shouting that', 'кричить що', 'кричит что');

const EMERGENCY: readonly Sign[] = [
  // "aangifte doen" is also filing a tax return or registering a birth or a death.
  sign('call-for-help', 2, [CALL_FOR_HELP], [PAPERWORK]),
  sign('unconscious', 2, [UNCONSCIOUS]),
  sign('breathing', 2, [BREATHING], [CHRONIC]),
  sign('chest-pain', 2, [CHEST], [CHRONIC]),
  sign('chest-acute', 1, [CHEST, ACUTE_SIDE]),
  sign('stroke', 2, [STROKE], [CHRONIC]),
  sign('seizure', 2, [SEIZURE], [CHRONIC]),
  sign('swelling', 1, [SWELL, SWELL_PART]),
  sign('allergic', 1, [SWELL, SWELL_PART, ALLERGEN]),
  sign('bleeding', 2, [BLOOD, HEAVY], [CHRONIC]),
  sign('wound', 2, [WOUND, BLOOD], [BLEEDING_STOPPED]),
  sign('poisoned', 2, [POISONED]),
  sign('swallowed', 1, [SWALLOWED, SUBSTANCE]),
  sign('swallowed-child', 1, [SWALLOWED, SUBSTANCE, CHILD]),
  sign('swallowed-lot', 1, [SWALLOWED, SUBSTANCE, LOT]),
  sign('fire', 2, [FIRE_LITERAL], [NOT_A_FIRE]),
  sign('fire-help', 2, [FIRE_NOUN, rx('help', 'допоможіть', 'помогите', 'рятуйте', 'спасите', 'hulp')]),
  sign('smoke', 2, [SMOKE]),
  sign('gas', 2, [GAS]),
  sign('break-in', 2, [BREAK_IN]),
  sign('followed', 2, [FOLLOWED], [SOCIAL]),
  sign('weapon', 2, [WEAPON]),
  sign('fight', 2, [FIGHT], [SCHOOL]),
  sign('robbed', 2, [ROBBED]),
  sign('stolen', 1, [STOLEN]),
  sign('missing-child', 2, [MISSING, CHILD]),
  sign('missing-late', 1, [MISSING, LATE]),
  sign('stranger-threat', 2, [STRANGER_THREAT, STRANGER]),
  sign('street-threat', 2, [STRANGER_THREAT, STREET]),
  sign('kill-threat', 2, [KILL_THREAT], [PARTNER, EX, WORK_REL, HOUSING_REL]),
];

// ---------------------------------------------------------------------------------------------------
// Scoring
// ---------------------------------------------------------------------------------------------------

export interface CueScore {
  score: number;
  signs: string[];
}

function fired(signs: readonly Sign[], text: string, laughs: boolean): string[] {
  const out: string[] = [];
  for (const s of signs) {
    if (s.notWithLaugh && laughs) continue;
    if (!s.all.every((r) => r.test(text))) continue;
    if (s.none?.some((r) => r.test(text))) continue;
    out.push(s.name);
  }
  return out;
}

function weigh(signs: readonly Sign[], names: readonly string[]): number {
  let total = 0;
  for (const n of names) total += signs.find((s) => s.name === n)!.weight;
  return total;
}

function luredMinor(text: string): boolean {
  if (!MINOR.test(text)) return false;
  return LURE.filter((r) => r.test(text)).length >= 2;
}

/** Cue scores of one reading of a message, per safety entry. */
export function scoreCues(text: string): Record<string, CueScore> {
  const t = cueText(text);
  const laughs = LAUGH.test(text);

  const crisis = fired(CRISIS, t, laughs);
  let dv = fired(DV, t, laughs);
  // An actor alone is not abuse; a control act by a boss or a stranger is not abuse at home.
  if (!dv.some((n) => CONTROL_SIGNS.has(n)) || !dv.some((n) => ACTOR_SIGNS.has(n))) dv = dv.filter((n) => !ACTOR_SIGNS.has(n) && !CONTROL_SIGNS.has(n));
  const ex = fired(EXPLOITATION, t, laughs);
  if (luredMinor(t)) ex.push('lured-minor');
  const em = fired(EMERGENCY, t, laughs);

  return {
    'safety.crisis': { score: weigh(CRISIS, crisis), signs: crisis },
    'safety.domestic-violence': { score: weigh(DV, dv), signs: dv },
    'safety.exploitation': { score: weigh(EXPLOITATION, ex.filter((n) => n !== 'lured-minor')) + (ex.includes('lured-minor') ? 2 : 0), signs: ex },
    'safety.emergency': { score: weigh(EMERGENCY, em), signs: em },
  };
}

/** Score at which a category is called for. */
export const CUE_THRESHOLD = 2;
