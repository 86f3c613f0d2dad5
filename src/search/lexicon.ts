/**
 * Small built-in word lists per language: function words (they tell Ukrainian from Russian and Dutch from
 * English in short messages, and carry little meaning for ranking; with them the fillers and apologies of
 * spoken and dictated messages — "вибачте що турбую", "короче", "sorry", "basically" — which only made
 * a clear question look unsure) and everyday words of a chat (greetings,
 * thanks) that the knowledge base does not contain but layout repair must still recognise.
 * Lists are normalised (lower case, ё → е, apostrophe ʼ).
 */
import type { Language } from '../knowledge/languages';

const words = (s: string): readonly string[] => s.trim().split(/\s+/);

export const FUNCTION_WORDS: Readonly<Record<Language, readonly string[]>> = {
  uk: words(`
    що як чи це де коли чому скільки мені мене мій моя моє мої мого моєї я ми ви він вона воно вони у в на
    з із зі до для про за від після не ні так і й та але або треба потрібно можна можу маю є був була буде
    якщо цей ця ці тут там вже ще теж також тільки дуже бо щоб аби який яка яке які якого якій хто куди
    звідки нам нас вам вас їх його її свій своє свою себе чого чим без при через перед ніж мною тобі тебе
    ти наш наша наші ваш ваша ваші зараз потім отримати будь ласка дякую привіт добрий доброго день вечір
    ранку хочу знати підкажіть скажіть допоможіть чому навіщо чи можу отримую отримаю отримувати отримав отримала
    отримують отримуємо отримаємо потрібен потрібна потрібне потрібні терміново негайно взяти бути
    шо шоб скіки тіпа спс плз пж пжл дяк
    вибачте перепрошую турбую потурбувати короче типу власне взагалі`),
  ru: words(`
    что как ли это где когда почему сколько мне меня мой моя мое мои моего моей я мы вы он она оно они у в
    на с со из до для про за от после не нет да и а но или надо нужно можно могу есть был была будет если
    этот эта эти тут там уже еще тоже также только очень чтобы какой какая какое какие какого кто куда
    откуда нам нас вам вас их его ее свой свое свою себя чего чем без при через перед мной тебе тебя ты
    наш наша наши ваш ваша ваши сейчас потом получить пожалуйста спасибо привет здравствуйте добрый доброго
    день вечер утра хочу знать подскажите скажите помогите зачем ну же получаю получу получать получил получила
    получают получаем получим нужен нужна нужны срочно взять быть
    шо скока када чо ваще спс плз пж пжл насчет насчот
    извините простите беспокою побеспокоить короче типа вообще собственно вот`),
  nl: words(`
    ik je jij u hij zij ze we wij jullie het de een en of maar hoe wat waar wanneer waarom wie welke
    hoeveel is zijn ben bent heb hebt heeft hebben kan kun kunt kunnen mag mogen moet moeten wil wilt
    willen mijn uw jouw ons onze van voor in op met naar bij aan om uit over door niet geen wel ook nog al
    er dit dat die deze dan als want omdat graag alstublieft alsjeblieft dank bedankt hallo hoi goedemorgen
    goedemiddag krijg krijgen doe doen te zo nu mee hier daar mij me word wordt krijgt kreeg ontvang ontvangen dringend
    ff t mn zn pls aub svp
    nou even gewoon sorry excuseer`),
  en: words(`
    i you he she we they it the a an and or but how what where when why who which is are am was were be
    do does did can could may must should will would have has had my your our their of for in on with to
    at from about by not no yes also still already this that these those then if because please thanks
    thank hello hi get got need want much many me there any some im dont doesnt cant its gets getting receive
    received receiving urgent urgently asap pls plz thx
    sorry excuse basically like actually just um uh well hey`),
};

/** Words that are the same in several languages' phrasings but prove nothing about the language. */
export const LANGUAGE_NEUTRAL = new Set(words(`
  bsn digid ind uwv coa gemeente leefgeld huisarts huisartsenpost opvang rmo brp ggz svb duo kvk
  zorgverzekering eigen bijdrage kinderbijslag toeslagen huurtoeslag zorgtoeslag kinderopvang
  kinderopvangtoeslag isk mbo hbo veilig thuis vluchtelingenwerk refugeehelp juridisch loket nidos
  o ok`));

const ALL = new Set(Object.values(FUNCTION_WORDS).flat());

export function isFunctionWord(word: string): boolean {
  return ALL.has(word);
}

/**
 * Words that frame a formal question without naming its topic: "Чи маю я право на …", "Які правила щодо
 * …", "Is it possible for persons under temporary protection to …", "Heb ik als ontheemde recht op …".
 * Official FAQs are full of them, and they match whichever entry's phrasings use them (the status entry
 * most of all). In a question with other content words they count for less (search-index.ts).
 */
export const FRAME_WORDS: readonly string[] = words(`
  право права правила правило можливо можливість дозволено дозволяється процедура порядок особа особи
  особам осіб тимчасовий тимчасового тимчасовим тимчасовому захист захисту захистом громадяни громадян
  громадянам українці українців нідерландах нідерландів необхідно вимоги умови яким чином
  право права правила правило возможно возможность разрешено разрешается процедура порядок лицо лица лицам
  временный временной временную защита защиты защитой граждане граждан гражданам украинцы украинцев
  нидерландах нидерландов необходимо требования условия каким образом
  біженці біженців біженка біженець переміщені переміщених переміщена
  беженцы беженцев беженка беженец перемещенные перемещенных перемещенное
  recht rechten regels regel mogelijk toegestaan procedure ontheemde ontheemden tijdelijke bescherming
  oekraine oekraiense oekrainers nederland voorwaarden vereisten personen persoon
  right rights entitled rules rule possible allowed permitted procedure person persons people temporary
  protection ukraine ukrainian ukrainians netherlands requirements conditions displaced refugee refugees
  vluchteling vluchtelingen
  різниця різниці різницю разница разницы разницу verschil difference differences`);
