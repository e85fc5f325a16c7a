#!/usr/bin/env python3
"""Hand-written question set; this script only assigns ids and writes questions.json."""
import json


def G(*pairs):
    return [{"year": y, "paragraph": p} for y, p in pairs]


Q = []


def add(kind, question, year, expected, gold, note, fact=None, history=None, filterYear=None):
    it = {"id": None, "kind": kind, "question": question, "year": year, "expected": expected,
          "gold": gold, "note": note}
    if fact is not None:
        it["fact"] = fact
    if history is not None:
        it["history"] = [{"question": h} for h in history]
    if filterYear is not None:
        it["filterYear"] = filterYear
    Q.append(it)


# ---------------------------------------------------------------- everyday
E = 'everyday'
add(E, "Can testing sewage show how much a city is using?", None, 'answered', G((2019, 12)),
    "UNODC presented waste water analysis as a cheap way to collect data on consumption and market size.",
    "waste water analysis method as a relatively inexpensive way")
add(E, "Do pushers hand out freebies to get new customers hooked?", None, 'answered', G((2019, 15)),
    "New marketing techniques included free or cheap trials of substances.",
    "included free or cheap trials of substances")
add(E, "Once a government bans a new designer high, does it vanish from the streets?", None, 'answered', G((2019, 14)),
    "One delegation: after scheduling an NPS it usually disappeared from the market.",
    "after scheduling an NPS, it usually disappeared from the market")
add(E, "Is anyone working on replacement meds for coke addicts, like the ones heroin users get?", None, 'answered',
    G((2019, 16)),
    "New substitution therapies were being developed for other drugs; studies promising for cocaine.",
    "Studies were showing promising results, in particular with regard to cocaine")
add(E, "Are more grandparents using drugs these days?", None, 'answered', G((2019, 26)),
    "Ageing population led to an increasing number of elderly drug users.",
    "an increasing number of elderly drug users")
add(E, "Do most illegal narcotics travel across the ocean?", None, 'answered', G((2019, 23)),
    "Most substances under international control were smuggled via maritime routes.",
    "most substances under international control were smuggled via maritime routes")
add(E, "When people order dope from hidden corners of the web, how does it reach their door?", None, 'answered',
    G((2019, 24), (2021, 33)),
    "Controlled substances bought on the darknet were mostly delivered by postal service providers (2021: delivery by postal services or drops).",
    "mostly delivered by postal service providers")
add(E, "Could apps and websites help rehab reach folks who live far away?", None, 'answered', G((2019, 16)),
    "It was suggested to use the Internet to extend the reach and geographical coverage of treatment programmes.",
    "extend the reach and geographical coverage of treatment programmes")
add(E, "Back in 2020, what fraction of users could actually get real rehab?", 2020, 'answered', G((2020, 11)),
    "Only one in eight persons globally had access to proper treatment and rehabilitation services.",
    "only one in eight persons globally had access to proper treatment")
add(E, "During the lockdowns, could recovering heroin users get their substitute medicine brought to their house?",
    None, 'answered', G((2020, 15)),
    "Some countries eased restrictions on dispensing methadone, with home delivery of therapy medications or pharmacy dosing.",
    "home delivery of opioid antagonist therapy medications")
add(E, "How many people around the world shoot up?", None, 'answered', G((2020, 17)),
    "2020 World Drug Report: more than 11 million people injected drugs.",
    "more than 11 million people injected drugs")
add(E, "Are female users at greater risk of catching HIV or hepatitis than male users?", None, 'answered',
    G((2020, 20)),
    "UNODC: women who use drugs were often more vulnerable to blood-borne diseases than men who use drugs.",
    "women who use drugs were often more vulnerable to blood-borne diseases")
add(E, "Did the supply of prescription painkillers shoot up over the years?", None, 'answered', G((2020, 28)),
    "Availability of pharmaceutical opioids increased dramatically, especially 1998-2009, then declined slightly.",
    "had increased dramatically in the last decades, especially between 1998 and 2009")
add(E, "Did smugglers switch to little aircraft and secret airstrips when airlines stopped flying during covid?",
    None, 'answered', G((2021, 16)),
    "With fewer commercial flights, traffickers expanded use of smaller narco-planes and clandestine landing strips.",
    'smaller "narco-planes" and clandestine landing strips')
add(E, "Is growing cocaine crops wrecking the rainforest?", None, 'answered', G((2021, 17), (2023, 19)),
    "Panellist cited deforestation and illicit cultivation in Southern America; 2023: environmental impact in the Amazon basin.",
    "deforestation and illicit cultivation in Southern America")
add(E, "What share of crooks' loot do governments actually manage to take back?", None, 'answered',
    G((2021, 24), (2023, 51)),
    "Less than 1 per cent of criminal proceeds confiscated (2021); 1-2 per cent of drug trafficking profits seized (2023).",
    "less than 1 per cent of criminal proceeds was confiscated")
add(E, "Can money taken from gangsters be handed to the people they hurt?", None, 'answered',
    G((2021, 29), (2023, 55)),
    "Confiscated assets could be used to compensate victims; 2023 also suggests Asset Confiscation Funds.",
    "the confiscated assets could be used to compensate victims")
add(E, "How do traffickers use bitcoin to stay hidden?", None, 'answered', G((2021, 27)),
    "Cryptocurrencies used to sell drugs and move gains abroad, blockchain allowing a high degree of anonymity.",
    "with the blockchain technology allowing a high degree of anonymity")
add(E, "What's the usual process when someone sells narcotics over the web?", None, 'answered', G((2021, 33)),
    "Four steps: advertising online, ordering online, payment through cryptocurrencies, delivery by post or drops.",
    "selling drugs online often had four steps")
add(E, "Do some sites pretend to be chemists so they can sell pills illegally?", None, 'answered', G((2021, 33)),
    "Websites disguised as Internet pharmacies supplied controlled substances without meeting legal requirements.",
    "supplying controlled substances without fulfilling the legal and administrative requirements")
add(E, "Can smart computer programs help cops scan hidden online message boards?", None, 'answered', G((2021, 34)),
    "One speaker: artificial intelligence could support law enforcement, e.g. keyword searches across dark web forums.",
    "artificial intelligence could support law enforcement")
add(E, "Should countries execute people for dealing, and what did delegates think?", None, 'answered',
    G((2022, 25), (2023, 76)),
    "Divergent views: some opposed it under all circumstances and called for abolition; one said no international consensus.",
    "opposed the use of the death penalty under all circumstances")
add(E, "Would sending users to rehab instead of locking them up ease packed jails?", None, 'answered',
    G((2022, 16), (2023, 73)),
    "Alternatives to conviction or punishment could reduce stigma, deaths and prison overcrowding.",
    "as well as reduce prison overcrowding")
add(E, "Are poorer folks more likely to end up addicted once they start?", None, 'answered', G((2022, 22)),
    "Lower socioeconomic groups were more likely to progress from drug use to drug use diseases.",
    "lower socioeconomic groups were more likely to progress from drug use")
add(E, "Is there one fix that works for every country when it comes to rights and narcotics?", None, 'answered',
    G((2022, 28)),
    "No one-size-fits-all approach; a contextual approach was necessary for the national response.",
    "a contextual approach was necessary in determining the appropriate national response")
add(E, "Why are lab-made highs taking over from plant-based ones?", None, 'answered', G((2023, 13)),
    "Synthetic drugs are cheaper to source, have shorter supply chains, less labour and lower detection risk.",
    "synthetic drugs are cheaper to source, have shorter supply chains")
add(E, "Is weed still the thing most people use worldwide?", None, 'answered', G((2023, 27)),
    "Cannabis was still the most widely used drug globally.",
    "cannabis was still the most widely used drug globally")
add(E, "Are cartels fighting with native tribes over who owns the land?", None, 'answered', G((2023, 38)),
    "Reports of local disputes between drug trafficking groups and traditional communities over land and property rights.",
    "disputes between drug trafficking groups and traditional communities over land")
add(E, "Is there more killing in jungle towns where the gangs operate?", None, 'answered', G((2023, 38)),
    "Many Amazon Basin municipalities registered higher homicide rates than the national average.",
    "Amazon Basin registered higher homicide rates")
add(E, "How big a slice of the narcotics business happens on the internet?", None, 'answered', G((2023, 58)),
    "Online drug trafficking market relatively small, estimated less than 2 per cent, but increasing.",
    "estimated to be less than 2 per cent")
add(E, "Which hidden online bazaars did the police manage to close?", None, 'answered', G((2023, 58)),
    "Examples of markets shut down by law enforcement: Hydramarket and Whitehouse.",
    "such as Hydramarket and Whitehouse")
add(E, "How much of people's lifespan and wellbeing is wiped out worldwide by narcotics, counting sickness and early death?",
    None, 'answered', G((2023, 80)),
    "30,9 million healthy years of life lost due to disability and premature death attributed to drug use.",
    "30,9 million healthy years of life lost")
add(E, "Is the overdose antidote easy to get hold of, even in hospitals?", None, 'answered', G((2023, 80)),
    "Availability of naloxone to reverse opioid overdose still remained limited even in medical settings.",
    "still remained limited even in medical settings")
add(E, "How many people worldwide have a serious problem with narcotics right now?", None, 'answered',
    G((2023, 81)),
    "2023 WDR: 39,5 million people suffered from drug use disorders, a 45 per cent increase over 10 years.",
    "39,5 million people suffered from drug use disorders")
add(E, "Does handing out clean syringes actually stop the AIDS virus spreading?", None, 'answered', G((2023, 92)),
    "Countries with high coverage of needle and syringe programmes saw HIV incidence almost zero.",
    "where the incidence of HIV was almost zero")
add(E, "Are inmates more likely to carry the AIDS virus than everyone else?", None, 'answered', G((2023, 91)),
    "People in prison six times more likely to live with HIV than adults in the general population.",
    "people in prison six times more likely to live with HIV")
add(E, "Does the overdose reversal spray work on the newer designer chemicals?", None, 'answered', G((2023, 102)),
    "Naloxone does not work in managing NPS overdoses as it does for opioids.",
    "naloxone does not work in managing NPS overdoses")
add(E, "Are pushers mixing the super-strong synthetic painkiller with an animal knockout drug?", None, 'answered', G((2023, 111)),
    "Use of fentanyl in conjunction with other drugs such as the depressant xylazine was noted.",
    "use of fentanyl in conjunction with other drugs")

# ---------------------------------------------------------------- typo
T = 'typo'
add(T, "tramadol crisys", None, 'answered', G((2019, 32)),
    "2019: national control measures for the tramadol crisis while recognizing its medical value.",
    "recognizing the medical value of tramadol")
add(T, "container controll programme", None, 'answered', G((2019, 23), (2023, 18)),
    "UNODC-WCO Container Control Programme commended (2019); commended again 2023.",
    "the Container Control Programme, developed by UNODC")
add(T, "therapeutic comunities", None, 'answered', G((2020, 13)),
    "Value of therapeutic communities, attracting people with poor prognostic indicators.",
    "the value of therapeutic communities")
add(T, "hepatitis c prevalance", None, 'answered', G((2023, 91)),
    "2023: HCV prevalence among people who inject drugs 37.2 times that of the general population.",
    "37.2 times higher than the prevalence of hepatitis C")
add(T, "encripted communication platforms", None, 'answered', G((2021, 15)),
    "Criminal groups deployed encrypted communication platforms; investigations identified key crime areas.",
    "encrypted communication platforms had been deployed by criminal groups")
add(T, "proportionate sentancing", None, 'answered', G((2022, 23), (2022, 24)),
    "UNODC: proportionate sentencing aims at an individualized sentence; process and outcome.",
    "proportionate sentencing for drug-related offences")
add(T, "asset recovry networks", None, 'answered', G((2023, 49), (2023, 54)),
    "UNODC AML/CFT programme supports Asset Recovery Inter-Agency Networks (ARINs).",
    "supports Asset Recovery Inter-Agency Networks (ARINs) of law enforcement officials")
add(T, "captagon trafiking hubs", None, 'answered', G((2023, 27)),
    "New trafficking hubs for captagon in Europe, Gulf countries and North and West Africa.",
    "in Europe, Gulf countries and North and West Africa for captagon")
add(T, "nitazenes opiods", None, 'answered', G((2023, 111)),
    "Document spells it 'nytazenes': emergence of potent opioid NPS such as nytazenes.",
    "potent opioid NPS such as nytazenes")
add(T, "champs prevension programme", None, 'answered', G((2023, 68)),
    "New UNODC CHAMPS programme (Children Amplified Prevention Services).",
    "mentioning the new UNODC CHAMPS programme")
add(T, "pledge4action initiatve", None, 'answered', G((2023, 120)),
    "Incoming Chair of the 67th CND presented the Pledge4Action initiative for pledges at the high-level segment.",
    "presented his Pledge4Action initiative")
add(T, "darknet investigaton trainings", None, 'answered', G((2019, 24)),
    "UNODC trainings on darknet investigation and the use of cryptocurrency.",
    "trainings on darknet investigation and the use of cryptocurrency offered by UNODC")

# ---------------------------------------------------------------- near-miss
N = 'near-miss'
add(N, "Which country introduced provisional listing of suspicious new substances to allow temporary seizures?",
    None, 'related', G((2019, 14)),
    "Provisional listing described by 'one delegation'; the country is never named.")
add(N, "How much money have donors put into the proposed trust fund for alternative development?", None,
    'related', G((2019, 21), (2019, 20)),
    "A trust fund or donor coalition is only suggested; no amount anywhere.")
add(N, "How did each Member State vote on CND resolution 66/3?", None, 'related', G((2023, 8), (2023, 108)),
    "Resolution 66/3 is cited (Guiding Principles anniversary, safe handling and disposal); no vote recorded.")
add(N, "On what date was the UNODC global mapping on alternatives to incarceration released?", None, 'related',
    G((2023, 81)),
    "Only 'published recently'; no date.")
add(N, "Why did the Second Vice-Chair chair the 2020 thematic discussions instead of the Chair?", 2020, 'related',
    G((2020, 1)),
    "Bruelhart chaired on behalf of Chair Mansoor Ahmad Khan; no reason given.")
add(N, "Which country does Ambassador Mansoor Ahmad Khan, Chair of the sixty-third session, represent?", None,
    'related', G((2020, 1)),
    "His country is not stated (unlike other chairs, whose countries are given in brackets).")
add(N, "Was the proposal for a World Drug Report chapter on human rights and drug policy finally approved?",
    None, 'related', G((2022, 29)),
    "Only divergent views and UNODC's clearance process are reported; no decision/outcome.")
add(N, "Why did some delegations object to a human rights chapter in the World Drug Report?", None, 'related',
    G((2022, 29)),
    "Speakers 'expressed concern and called for further discussions'; their reasons are not given.")
add(N, "How many registrations did the 2019 thematic session receive?", 2019, 'related', G((2019, 5), (2019, 7)),
    "Registration figures exist only for 2020 (500+), 2021 (600+), 2022 (~700), 2023 (1,300+); none for 2019.")
add(N, "How many people watched the webcast of the 2019 thematic discussions?", 2019, 'related', G((2019, 7)),
    "Webcast in six UN languages mentioned; no viewer numbers.")
add(N, "What did Israel argue in its right of reply at the October 2023 session on expanding drug markets?",
    2023, 'related', G((2023, 15)),
    "Israel is only listed among those exercising the right of reply; content not reported.")
add(N, "What did Paraguay's written statement on drug trafficking and organized crime say?", None, 'related',
    G((2023, 40)),
    "Paraguay listed; footnote says statement was submitted in writing and posted online; content absent.")
add(N, "What is the annual budget of the UNODC Container Control Programme?", None, 'related',
    G((2019, 23), (2023, 35)),
    "Programme commended/listed; no budget or funding figure.")
add(N, "How much funding has the United States committed to the Global Coalition to Address Synthetic Drugs Threats?",
    None, 'related', G((2023, 108), (2023, 118)),
    "Coalition welcomed, 'concrete measures under development'; no money amount.")
add(N, "What is the name of the UNODC Executive Director who opened the 2021 thematic discussions?", 2021,
    'related', G((2021, 9)),
    "The Executive Director is referred to only by title.")
add(N, "Who was the President of the Human Rights Council who gave online remarks at the 2022 opening?", 2022,
    'related', G((2022, 9)),
    "Only the title 'Human Rights Council President' appears.")
add(N, "In which month and year did Afghanistan impose its opium ban?", None, 'related', G((2023, 27)),
    "The opium ban in Afghanistan is mentioned without any date.")
add(N, "Which countries eased their rules on dispensing methadone during COVID-19?", None, 'related',
    G((2020, 15)),
    "Only 'some countries'; none named.")
add(N, "Which country reported deploying facial recognition and biometric systems against dark web drug crime?",
    None, 'related', G((2021, 34)),
    "Attributed to 'one speaker'; country not named.")
add(N, "How many new psychoactive substances were reported in 2022?", 2022, 'related', G((2023, 101)),
    "gold follows chapter 2023: the only count is for 2021 (618 NPS, 87 new); no 2022 figure.")
add(N, "What percentage of online drug sales took place on the dark web rather than the clear web in 2021?",
    2021, 'related', G((2021, 30), (2021, 31)),
    "Dark web markets expanded, cannabis/stimulants a 'large proportion'; no dark-vs-clear-web percentage.")
add(N, "What was the dollar value of drug-related assets frozen and confiscated worldwide, per the 2021 discussions?",
    2021, 'related', G((2021, 24)),
    "Value 'remained low' and under 1% of proceeds confiscated; no dollar total (2023 gives only a per-country average).")
add(N, "When is the Ad Hoc Committee's cybercrime convention expected to be adopted?", None, 'related',
    G((2023, 64)),
    "Negotiations of the Ad Hoc Committee mentioned as 'current'; no adoption date.")
add(N, "Which Amazon municipalities had the highest homicide rates?", None, 'related', G((2023, 38)),
    "Only 'many municipalities in the Amazon Basin'; none named.")
add(N, "How many pledges have Member States made so far under the Pledge4Action initiative?", None, 'related',
    G((2023, 120)),
    "Initiative presented; pledges to be made at the high-level segment; no count.")
add(N, "What is the name of the incoming Chair of the sixty-seventh session who presented Pledge4Action?", None,
    'related', G((2023, 120)),
    "Referred to only as 'the then Vice-Chair and incoming Chair'.")
add(N, "Which delegations objected to the OHCHR report's recommendations on regulating or legalizing drug use?",
    None, 'related', G((2023, 77)),
    "'Others expressed concern'; no delegations named.")
add(N, "Which countries called for the immediate abolition of the death penalty for drug offences?", None,
    'related', G((2022, 25), (2023, 76)),
    "Only 'a number of speakers'; no countries named.")
add(N, "How many opioid overdose deaths were recorded in North America?", None, 'related', G((2023, 111)),
    "An increase in overdose deaths in North America is reported without a number.")
add(N, "Which countries have legalized recreational cannabis, according to the summaries?", None, 'related',
    G((2022, 20), (2023, 75)),
    "Delegations 'shared national experiences' of legalization; no country is named.")
add(N, "What exactly did the 2022 World Drug Report find about cannabis legalization?", 2022, 'related',
    G((2022, 20)),
    "Findings 'were cited' but not stated.")
add(N, "In how many countries is the UNODC CHAMPS programme being rolled out?", None, 'related', G((2023, 68)),
    "CHAMPS named as new initiative; no country count.")
add(N, "What was the name of the expert from Italy on the 2019 drug markets panel?", 2019, 'related',
    G((2019, 8)),
    "Only 'an expert from Italy'.")
add(N, "What did the Ambassador of Afghanistan tell the Commission in his October 2019 presentation?", 2019,
    'related', G((2019, 19)),
    "Presentation by the Ambassador of Afghanistan mentioned; its content is not reported.")
add(N, "How many 'narco-planes' were seized during the pandemic?", None, 'related', G((2021, 16)),
    "Narco-planes and clandestine strips mentioned; no seizure numbers.")
add(N, "When did the CND adopt the revised annual report questionnaire?", None, 'related',
    G((2021, 14), (2019, 13)),
    "The revised ARQ 'adopted by the CND' is referred to without a date.")
add(N, "How many Member States have appointed a national ARQ focal point?", None, 'related', G((2021, 14)),
    "States only 'encouraged to appoint'; no count.")
add(N, "Which countries use money seized in laundering cases to fund prevention?", None, 'related',
    G((2021, 29)),
    "'Some speakers reported'; no countries named.")
add(N, "How many people received naloxone under the UNODC SOS project in Central Asia?", None, 'related',
    G((2023, 112), (2019, 28)),
    "SOS project/initiative mentioned; no beneficiary numbers.")
add(N, "By how much did financing for the global HIV/AIDS response increase under CND resolution 60/8?", None,
    'related', G((2020, 18)),
    "Resolution 60/8 on increasing financing is cited; no amount or increase.")
add(N, "What were the national totals of opioid analgesic prescriptions reported by speakers in 2020?", 2020,
    'related', G((2020, 29)),
    "Speakers reported national statistics 'such as total amounts'; no figures given.")
add(N, "What did the Dalgarno Institute expert say on the 2020 NPS panel?", 2020, 'related', G((2020, 22)),
    "Dalgarno Institute named only as a panel participant.")
add(N, "What percentage of radicalized militants had links to drug crime?", None, 'related', G((2021, 19)),
    "Only 'a considerable percentage'; no figure.")
add(N, "Which countries reported a steady decline in drug injection in 2020?", 2020, 'related', G((2020, 18)),
    "'Some speakers reported'; no countries named.")
add(N, "How many people attended the Engaging Minds Fireside Chats in December 2023?", 2023, 'related',
    G((2023, 7)),
    "Fireside Chats with civil society, scientists and youth mentioned; no attendance.")
add(N, "How accurate was the AI speech translation piloted at the October 2023 briefing?", 2023, 'related',
    G((2023, 7)),
    "The AI translation pilot is mentioned; no evaluation or outcome.")
add(N, "What is the street price of cocaine in Europe?", None, 'related', G((2023, 19), (2023, 39)),
    "Cocaine markets/trafficking discussed, but no prices anywhere ('price' absent).")
add(N, "In what year was the INTERPOL Fentanyl Impact Group set up?", None, 'related', G((2023, 35)),
    "Group listed among tools; establishment year absent.")
add(N, "How many countries have decriminalized personal drug use?", None, 'related', G((2022, 15), (2022, 17)),
    "Decriminalization mentioned as an approach some States took; no count.")
add(N, "How long does an asset forfeiture process typically take?", None, 'related', G((2021, 25)),
    "'Long duration' of forfeiture processes noted; no time given.")
add(N, "What was the global number of drug-related deaths reported to the Commission?", None, 'related',
    G((2022, 12), (2023, 80)),
    "Deaths said to be increasing; no global death toll in the document.")
add(N, "What share of people in drug treatment are women?", None, 'related', G((2022, 22), (2023, 84)),
    "Women have less access / are under-represented; no percentage of treatment population.")
add(N, "Why did the availability of pharmaceutical opioids decline slightly in the last five years?", None,
    'related', G((2020, 28)),
    "The slight decline is stated; no cause given.")
add(N, "What quantity thresholds were recommended to separate personal possession from trafficking?", None,
    'related', G((2022, 23)),
    "Quantity of drugs is a factor in proportionate sentencing; no thresholds given.")
add(N, "What did the Member of the Human Rights Committee say in the October 2023 human rights session?",
    2023, 'related', G((2023, 69)),
    "Listed as having made a statement; content not attributed.")

# ---------------------------------------------------------------- factoid
F = 'factoid'
add(F, "Who chaired the 2019 thematic discussions?", 2019, 'answered', G((2019, 1), (2019, 5)),
    "H.E. Ambassador Mirghani Abbaker Altayeb Bakhjet of Sudan (spelled BAKHET in para 5).",
    "Ambassador Mirghani Abbaker Altayeb Bakhjet (Sudan)")
add(F, "Who moderated the session on 17 October 2019?", 2019, 'answered', G((2019, 5)),
    "Kazem Gharib Abadi, first Vice-Chair.",
    "H.E. Ambassador Kazem GHARIB ABADI, first Vice-Chair of the Commission")
add(F, "On what date did the Commission adopt the multi-year workplan for thematic discussions?", None,
    'answered', G((2019, 3), (2020, 3)),
    "24 June (2019).",
    "On 24 June, following up to the 2019 Ministerial Declaration")
add(F, "How many registrations did the 2021 CND thematic discussions have?", 2021, 'answered', G((2021, 5)),
    "Over 600 registrations.", "With over 600 registrations")
add(F, "Who chaired the 2022 thematic discussions?", 2022, 'answered', G((2022, 1)),
    "Ambassador Ghislain D'Hoop of Belgium.", "chaired by H.E. Ambassador Ghislain D’Hoop (Belgium)")
add(F, "How many NPS were reported in 2021 and how many were newly identified?", 2021, 'answered',
    G((2023, 101)),
    "gold follows chapter 2023: 618 NPS reported in 2021, 87 newly identified.",
    "a total of 618 NPS reported in 2021")
add(F, "Who chaired the Commission at its sixty-sixth session?", None, 'answered', G((2023, 1)),
    "Ambassador Miguel Camilo Ruiz Blanco of Colombia.",
    "H.E. Ambassador Miguel Camilo Ruiz Blanco (Colombia)")
add(F, "How many registrations did the October and December 2023 meetings have combined?", 2023, 'answered',
    G((2023, 5)), "Over 1,300 registrations, from over 160 Member States.", "had over 1,300 registrations")
add(F, "On behalf of how many Member States did Switzerland speak in the October 2023 session on drug markets?",
    2023, 'answered', G((2023, 15)), "47 Member States.", "Switzerland on behalf of 47 Member States")
add(F, "How many countries did Singapore speak for in the 2023 session on human rights?", 2023, 'answered',
    G((2023, 69)), "43 countries (text reads 'the Singapore').", "the Singapore on behalf of 43 countries")
add(F, "What percentage of new HIV infections worldwide in 2019 were among people who inject drugs?", 2019,
    'answered', G((2020, 17)),
    "gold follows chapter 2020: 10 percent (2020 World Drug Report).",
    "in 2019, 10 percent of the new HIV infections worldwide")
add(F, "How many countries have neither needle and syringe programmes nor opioid agonist therapies?", None,
    'answered', G((2023, 94)), "100 countries.", "with 100 countries having neither of those")
add(F, "Who spoke on behalf of the Friends of UNODC Research at the 2021 opening?", 2021, 'answered',
    G((2021, 10)), "The Ambassador of Singapore.", "an intervention by the Ambassador of Singapore")
add(F, "What was the average value of assets seized or frozen per country as of 2020?", 2020, 'answered',
    G((2023, 48)), "gold follows chapter 2023: 12.8 million USD per country.",
    "an average of 12.8 million USD per country")
add(F, "Which anniversary event did the Chair moderate on 23 October 2023?", 2023, 'answered', G((2023, 8)),
    "Tenth anniversary of the UN Guiding Principles on Alternative Development (resolution 66/3).",
    "tenth anniversary of the United Nations Guiding Principles on Alternative Development")

# ---------------------------------------------------------------- paraphrase
P = 'paraphrase'
add(P, "Apart from systemic and legislative hurdles, what impediments to supplying controlled medicines for end-of-life care were identified?",
    None, 'answered', G((2020, 30)),
    "Infrastructure and equipment challenges in palliative care services, and misconceptions about opioid misuse.",
    "challenges related to appropriate infrastructure and equipment, specifically in palliative care services")
add(P, "By what mechanism was it proposed to secure durable financing for crop-substitution schemes?", None,
    'answered', G((2019, 21)),
    "Establishing a trust fund or a coalition of donors with targeted communities.",
    "establishing a trust fund or a coalition of donors")
add(P, "What competency gap among police agencies was cited as hindering the pursuit of illicit money flows?",
    None, 'answered', G((2021, 25)),
    "Law enforcement lacked the necessary financial investigation skillsets to address IFFs.",
    "did not always have the necessary financial investigation skillsets")
add(P, "What remedy was proposed for the erosion in value of property held during lengthy forfeiture proceedings?",
    None, 'answered', G((2021, 25)),
    "Early disposal, allowing certain assets (e.g. at risk of destruction) to be sold.",
    "a possible option could be early disposal")
add(P, "How, according to the UNODC laboratory chief, do the treaties reconcile medical access with the prevention of misuse?",
    None, 'answered', G((2022, 13)),
    "Conventions seek to balance adequate availability for medical/scientific purposes with preventing diversion and abuse.",
    "the conventions seek to strike a balance between ensuring adequate availability")
add(P, "What relationship between social class and the onset of substance consumption was presented?", None,
    'answered', G((2022, 22)),
    "Higher socioeconomic groups more likely to initiate use; lower groups more likely to progress to disorders.",
    "higher socioeconomic groups were more likely to initiate drug use")
add(P, "Which regulatory technique was endorsed as preferable to controlling chemical inputs one at a time?",
    None, 'answered', G((2023, 18), (2023, 34)),
    "Scheduling families/groups of precursor chemicals rather than single precursors (INCB good model).",
    "scheduling of families of precursor chemicals rather than of single precursors")
add(P, "What shortcomings were observed in registers identifying the ultimate owners of corporate entities?",
    None, 'answered', G((2023, 53)),
    "Beneficial ownership registries continued to be inadequate in many jurisdictions.",
    "continued to be inadequate in many jurisdictions")
add(P, "What effect was attributed to permitting recreational use of cannabis and hallucinogens on how hazardous the public considers them?",
    None, 'answered', G((2023, 67)),
    "It had lowered the public perception of risk.",
    "it had lowered the public perception of risk")
add(P, "Why were conventional channels of judicial assistance between States judged inadequate for tackling internet-based trafficking?",
    None, 'answered', G((2023, 62)),
    "Formal mechanisms such as MLA requests were often not fit for purpose to proactively target online trafficking.",
    "were often not fit for purpose to proactively target online drug trafficking")

# ---------------------------------------------------------------- topic-year
Y = 'topic-year'
add(Y, "What was said about alternative development in 2019?", 2019, 'answered', G((2019, 20), (2019, 21)),
    "Holistic approach, climate/environment, trust in the State, other income sources; sustainability and funding, impact measurement.")
add(Y, "What was said about COVID-19 and services for people who use drugs in 2020?", 2020, 'answered',
    G((2020, 15), (2020, 14), (2020, 21)),
    "Disrupted residential treatment and harm reduction supply; record use and overdoses; eased methadone rules; revealed health system vulnerabilities.")
add(Y, "What was said about trafficking in persons in 2021?", 2021, 'answered', G((2021, 20)),
    "Victims exploited in cultivation/trafficking; fear of being treated as criminals; early identification key.")
add(Y, "What was said about cannabis legalization in 2022?", 2022, 'answered', G((2022, 20)),
    "Divergent views; national experiences vs concerns about compliance and youth risk perception; 2022 WDR cited; more research.")
add(Y, "What was said about the outcome document of the 2024 midterm review in 2023?", 2023, 'answered',
    G((2023, 122), (2023, 123), (2023, 124)),
    "Preference for a concise document covering 2019-2023 efforts and a roadmap to 2029; balanced approach; human rights; harm reduction.")
add(Y, "What was discussed about drug trafficking and the environment in 2023?", 2023, 'answered',
    G((2023, 43), (2023, 19)),
    "Crimes that affect the environment (logging, mining, wildlife), Amazon basin pollution, impact on indigenous people.")

# ---------------------------------------------------------------- not-covered
C = 'not-covered'
add(C, "What did the Commission say about kratom?", None, 'not_covered', [],
    "Kratom never mentioned; searched: kratom, mitragyn")
add(C, "Were e-cigarettes and vaping among young people discussed?", None, 'not_covered', [],
    "Not discussed (tobacco appears only as a prevention case study); searched: vaping, vape, e-cig, cigarette")
add(C, "What measures against doping in professional athletes were recommended?", None, 'not_covered', [],
    "Doping/sport not discussed; searched: doping, athlete, anabolic, steroid")
add(C, "What was said about chewing khat in the Horn of Africa?", None, 'not_covered', [],
    "Khat absent; searched: khat, Horn of Africa")
add(C, "What alcohol pricing or minimum unit pricing policies were recommended?", None, 'not_covered', [],
    "Alcohol never discussed; searched: alcohol, minimum unit")
add(C, "Did the discussions address gambling addiction alongside drug dependence?", None, 'not_covered', [],
    "Gambling absent; searched: gambling, betting")
add(C, "What was said about ayahuasca ceremonies and religious use of plant medicines?", None, 'not_covered', [],
    "Ayahuasca/religious use absent; searched: ayahuasca, religious, ceremon")
add(C, "What support for military veterans with substance use disorders was discussed?", None, 'not_covered', [],
    "Veterans/military absent; searched: veteran, military, soldier")
add(C, "What came of the lawsuits against opioid manufacturers such as Purdue Pharma?", None, 'not_covered', [],
    "Litigation against pharma absent; searched: lawsuit, litigation, Purdue, settlement, manufacturer")

# ---------------------------------------------------------------- conversation
V = 'conversation'
add(V, "And in 2023?", 2023, 'answered', G((2023, 81)),
    "Follow-up on treatment coverage: in 2023 only 1 in 5 persons with drug use disorders in treatment.",
    "with only 1 in 5 persons in treatment",
    history=["What share of people with drug problems got treatment, according to the 2020 discussions?"])
add(V, "What about women?", None, 'answered', G((2022, 17)),
    "Context 2022: increased access to voluntary treatment especially for women, children and persons in prison.",
    "especially for women, children and persons detained in prison",
    history=["What did speakers say about access to voluntary drug treatment in 2022?"])
add(V, "Who said that?", None, 'answered', G((2023, 102)),
    "The UNODC Chief of the Drugs, Laboratory and Scientific Services Branch (sedative NPS in drug driving cases).",
    "The Chief of the Drugs, Laboratory and Scientific Services Branch",
    history=["In 2023, which kind of NPS was often detected in drug driving cases?"])
add(V, "What is the UNODC STAND programme?", None, 'answered', G((2023, 28)),
    "Standalone question after a 2021 question; must not inherit 2021: STAND seeks sustainable disposal of drugs and chemicals (2023).",
    "an initiative aimed at finding sustainable and environmentally responsible methods",
    history=["What did the 2021 discussions say about cryptocurrency?"])
add(V, "Who leads the Global Coalition to Address Synthetic Drugs Threats?", None, 'answered', G((2023, 18), (2023, 108)),
    "Standalone question after a 2019 question; must not inherit 2019: the coalition is led by the United States (2023).",
    "Global Coalition to Address Synthetic Drugs Threats led by the United States",
    history=["What did the 2019 session say about tramadol?"])
add(V, "And in 2020?", 2020, 'not_covered', [],
    "Death penalty is discussed only in 2022 and 2023; absent from the 2020 chapter.",
    history=["What was said about the death penalty in 2022?"])
add(V, "What about 2021?", 2021, 'not_covered', [],
    "Captagon appears only in the 2023 chapter; nothing in 2021.",
    history=["What did the 2023 meeting say about captagon trafficking?"])
add(V, "What about young people?", None, 'answered', G((2020, 26)),
    "Context 2020 NPS session: concern about increasing NPS consumption among young people, mental health, peer pressure.",
    "the increasing consumption of NPS among young people",
    history=["What risk factors for NPS consumption were mentioned in 2020?"])
add(V, "Was the 2022 meeting held in the same format?", 2022, 'answered', G((2022, 5)),
    "Yes: 2022 was also hybrid, in-person and online, livestreamed, ~700 registrations.",
    "were held in a hybrid format, with in-person and online participation",
    history=["How many registrations did the 2020 thematic discussions have?",
             "And how many Member States took part?"])
add(V, "And hepatitis C?", None, 'answered', G((2020, 17)),
    "Context 2020 WDR figures: 5.5 million living with hepatitis C; 1.2 million with both.",
    "5.5 million are living with hepatitis C",
    history=["What did UNODC report in 2020 about how many people who inject drugs live with HIV?"])
add(V, "Which country is she from?", None, 'answered', G((2021, 1)),
    "Context 2021 chair: Ambassador Dominika Krois of Poland.",
    "H.E. Ambassador Dominika KROIS (Poland)",
    history=["Who chaired the 2021 thematic discussions?"])

# ---------------------------------------------------------------- year-conflict
X = 'year-conflict'
add(X, "What did speakers say about the tramadol crisis in 2019?", 2019, 'answered', G((2019, 32)),
    "Question year 2019 governs over filter 2023: national control measures such as scheduling, medical value recognized.",
    "some delegations stressed the importance of introducing national control measures", filterYear=2023)
add(X, "In 2021, what did speakers say about terrorist groups profiting from narcotics?", 2021, 'answered',
    G((2021, 19)),
    "Question year 2021 governs over filter 2023: terrorist groups secured significant resources via illicit trafficking.",
    "terrorist groups had secured significant financial resources", filterYear=2023)
add(X, "What was said about drug consumption rooms in 2020?", 2020, 'answered', G((2020, 13)),
    "Question year 2020 governs over filter 2022: one speaker shared national experiences with drug consumption rooms.",
    "national experiences with the use of drug consumption rooms", filterYear=2022)
add(X, "What did the 2022 discussion say about the death penalty?", 2022, 'answered', G((2022, 25)),
    "Question year 2022 governs over filter 2023: divergent views; abolition called for; no international consensus.",
    "One speaker recalled that there was no international consensus", filterYear=2023)

# ---------------------------------------------------------------- other-language
L = 'other-language'
add(L, "¿Qué porcentaje de las ganancias del narcotráfico se incauta como activos a nivel mundial?", None,
    'answered', G((2023, 51)),
    "Spanish: only between 1 and 2 per cent of drug trafficking profits seized globally as assets.",
    "1 and 2 per cent of the value of drug trafficking")
add(L, "Qu'a-t-on dit sur la peine de mort lors des discussions de 2023 ?", 2023, 'answered', G((2023, 76)),
    "French: opposition under all circumstances vs. not forbidden by international law, no consensus.",
    "the death penalty was not forbidden by international law")
add(L, "Сколько новых психоактивных веществ было впервые выявлено в 2021 году?", 2021, 'answered',
    G((2023, 101)),
    "Russian; gold follows chapter 2023: 87 newly identified out of 618 NPS reported in 2021.",
    "out of which 87 were newly identified")
add(L, "من ترأس المناقشات المواضيعية في عام 2020؟", 2020, 'answered', G((2020, 1)),
    "Arabic: Ambassador Wolfgang Amadeus Bruelhart (Switzerland), Second Vice-Chair, on behalf of the Chair.",
    "Ambassador Wolfgang Amadeus Bruelhart (Switzerland), Second Vice-Chair")
add(L, "2022年专题讨论有多少人注册？", 2022, 'answered', G((2022, 5)),
    "Chinese: around 700 registrations.", "With around 700 registrations")

for i, it in enumerate(Q, 1):
    it["id"] = "z%03d" % i

with open('/tmp/blind9/questions.json', 'w', encoding='utf-8') as fh:
    json.dump(Q, fh, ensure_ascii=False, indent=1)
print(len(Q), 'questions written')
