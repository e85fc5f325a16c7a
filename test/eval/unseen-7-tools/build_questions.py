#!/usr/bin/env python3
"""Hand-written evaluation questions for the CND Chair's summaries compilation (2019-2023).
Each call below was written from a specific paragraph read in the document.
Running this numbers the items (r001...) in kind order and writes questions.json."""
import json, os

KIND_ORDER = ["everyday", "typo", "near-miss", "factoid", "paraphrase", "topic-year",
              "not-covered", "conversation", "year-conflict", "other-language"]
ITEMS = []


def G(*pairs):
    return [{"year": y, "paragraph": n} for y, n in pairs]


def add(kind, question, expected, gold, note, year=None, fact=None, history=None, filterYear=None):
    it = {"kind": kind, "question": question, "year": year, "expected": expected,
          "gold": G(*gold), "note": note}
    if fact is not None:
        it["fact"] = fact
    if history is not None:
        it["history"] = [{"question": h} for h in history]
    if filterYear is not None:
        it["filterYear"] = filterYear
    ITEMS.append(it)


def everyday(q, gold, note, fact, year=None):
    add("everyday", q, "answered", gold, note, year=year, fact=fact)


def typo(q, gold, note, fact, year=None):
    add("typo", q, "answered", gold, note, year=year, fact=fact)


def near(q, gold, note, year=None):
    add("near-miss", q, "related", gold, note, year=year)


def factoid(q, gold, note, fact, year=None):
    add("factoid", q, "answered", gold, note, year=year, fact=fact)


def para(q, gold, note, fact, year=None):
    add("paraphrase", q, "answered", gold, note, year=year, fact=fact)


def topic(q, year, gold, note):
    add("topic-year", q, "answered", gold, note, year=year)


def notcov(q, note, year=None):
    add("not-covered", q, "not_covered", [], note, year=year)


def conv(history, q, expected, gold, note, fact=None, year=None):
    add("conversation", q, expected, gold, note, year=year, fact=fact, history=history)


def conflict(q, year, filterYear, gold, note, fact):
    add("year-conflict", q, "answered", gold, note, year=year, fact=fact, filterYear=filterYear)


def lang(q, gold, note, fact, year=None):
    add("other-language", q, "answered", gold, note, year=year, fact=fact)


# ---------------------------------------------------------------- everyday
everyday("How many people around the world who need help to get off drugs can actually get it?",
         [(2020, 11)], "Only one in eight persons globally had access to proper treatment (2020).",
         "only one in eight persons globally had access")
everyday("Do pushers hand out freebies to get people hooked?",
         [(2019, 15)], "New marketing techniques included free or cheap trials of substances (2019).",
         "free or cheap trials of substances")
everyday("Is there a way to measure how much dope a city uses by testing what goes down the toilet?",
         [(2019, 12)], "UNODC presented waste water analysis as a relatively inexpensive way to collect data on consumption and market size.",
         "a relatively inexpensive way to collect valuable data")
everyday("When airlines stopped flying during covid, did smugglers switch to their own little aircraft?",
         [(2021, 16)], "2021: traffickers expanded use of smaller 'narco-planes' and clandestine landing strips due to fewer commercial flights.",
         "drug traffickers in some countries had expanded the use of smaller")
everyday("Is growing the plant behind cocaine wiping out rainforest in South America?",
         [(2021, 17)], "2021: a panellist cited deforestation and illicit cultivation in Southern America; coca production centres caused loss of natural resources.",
         "deforestation and illicit cultivation in Southern America")
everyday("How does ordering narcotics off the web usually work, start to finish?",
         [(2021, 33)], "Four steps: advertising online, ordering online, payment through cryptocurrencies, delivery by postal services or drops.",
         "selling drugs online often had four steps")
everyday("Did countries clash over executing people for smuggling?",
         [(2022, 25), (2023, 76)], "Divergent views on the death penalty; some called for abolition, one said there was no international consensus.",
         "Divergent views were expressed regarding the use of the death penalty")
everyday("Roughly what fraction of all crooks' earnings ever gets clawed back by governments?",
         [(2021, 24)], "2021: it was estimated that less than 1 per cent of criminal proceeds was confiscated.",
         "less than 1 per cent of criminal proceeds was confiscated")
everyday("What slice of drug money do police forces worldwide actually manage to grab?",
         [(2023, 51)], "2023: only between 1 and 2 per cent of the value of drug trafficking profits were seized globally as assets.",
         "only between 1 and 2 per cent of the value")
everyday("Is buying drugs on the internet a big part of the trade or still tiny?",
         [(2023, 58)], "2023: online drug trafficking market relatively small, estimated less than 2 per cent of the global market, but increasing.",
         "remained relatively small in terms of the global market")
everyday("Which drug do the most people on the planet use?",
         [(2023, 27)], "2023: cannabis was still the most widely used drug globally.",
         "cannabis was still the most widely used drug globally")
everyday("Are there more pensioners using drugs these days?",
         [(2019, 26)], "2019: the ageing population led to an increasing number of elderly drug users, creating new challenges.",
         "an increasing number of elderly drug users")
everyday("Are scientists working on replacement medicines, like what opiate users get, for people hooked on coke?",
         [(2019, 16)], "2019: new substitution therapies being developed for other drugs; studies promising, in particular for cocaine.",
         "Studies were showing promising results, in particular with regard to cocaine")
everyday("Does making sure kids stay in class stop them from trying drugs?",
         [(2019, 17)], "2019: effective measures included keeping students in school, strengthening families and parenting.",
         "keeping students in school, strengthening families and parenting techniques")
everyday("Are there places where people are allowed to shoot up under supervision?",
         [(2020, 13)], "2020: one speaker shared national experiences with drug consumption rooms.",
         "One speaker shared national experiences with the use of drug consumption rooms")
everyday("How many folks use needles to get high around the globe?",
         [(2020, 17)], "2020 World Drug Report: more than 11 million people injected drugs.",
         "more than 11 million people injected drugs")
everyday("Which narcotics mostly get sold on the ordinary, searchable internet rather than hidden sites?",
         [(2021, 31)], "2021: NPS frequently traded on the surface web; heroin, cocaine, cannabis, ATS primarily via the dark web.",
         "new psychoactive substances were frequently traded on the surface web")
everyday("Is it true that well-off people are more prone to try drugs but poorer people are the ones who get hooked?",
         [(2022, 22)], "2022: higher socioeconomic groups more likely to initiate use; lower groups more likely to progress to drug use diseases.",
         "higher socioeconomic groups were more likely to initiate drug use")
everyday("Could treating users as patients rather than criminals ease packed jails?",
         [(2022, 16)], "2022: health-centred approach could reduce stigma and deaths and reduce prison overcrowding.",
         "as well as reduce prison overcrowding")
everyday("Did they test a computer doing live interpreting of what was said?",
         [(2023, 7)], "2023: the 25 October briefing piloted real-time AI speech translation in the six official UN languages.",
         "the piloting of real-time artificial intelligence (AI) speech translation")
everyday("Do terror outfits bankroll themselves through smuggling narcotics?",
         [(2021, 19)], "2021: some speakers reported terrorist groups had secured significant financial resources via illicit trafficking incl. controlled substances.",
         "terrorist groups had secured significant financial resources")
everyday("Does stuff bought on hidden websites usually come through the mail?",
         [(2019, 24)], "2019: controlled substances purchased on the darknet were mostly delivered by postal service providers.",
         "mostly delivered by postal service providers")
everyday("Did covid make fatal ODs go up?",
         [(2020, 15)], "2020: some speakers reported high mortality from overdoses accelerated as a direct result of the pandemic.",
         "accelerated as a direct result of the global pandemic")
everyday("Did covid lockdowns make it harder for cops to chase stashed money?",
         [(2021, 28)], "2021: COVID-19 travel restrictions made it more challenging for investigators to conduct financial investigations.",
         "travel restrictions made it more challenging for investigators")
everyday("Do gangs plough their drug profits into buying more guns?",
         [(2023, 44)], "2023: two-way linkages; profits of drug trafficking used for the purchase of more firearms.",
         "the profits of drug trafficking used for the purchase of more firearms")
everyday("If using isn't a crime, are people more willing to go get help?",
         [(2022, 17)], "2022: some speakers cited that decriminalization of personal drug use could encourage people to seek treatment.",
         "decriminalization of personal drug use could encourage people who use drugs")
everyday("Is the drug trade dirtying rivers and cutting down trees in the jungle?",
         [(2023, 19)], "2023: negative environmental impact incl. Amazon basin via water pollution, illegal logging and illegal mining.",
         "through water pollution and criminal activities such as illegal logging")
everyday("Why is it so hard to follow the money when drugs are bought with banknotes?",
         [(2023, 52)], "2023: as many drugs were paid for in cash, they often did not leave financial footprints.",
         "they often did not leave financial footprints")
everyday("Why do projects helping farmers switch away from drug crops fizzle out?",
         [(2019, 21)], "2019: sustainability of alternative development programmes was a major challenge due to short-term funding.",
         "ensuring the sustainability of alternative development programmes due to short-term funding")
everyday("Was there a row over whether the yearly UNODC drug report should cover rights issues?",
         [(2022, 29)], "2022: different views on including a chapter on human rights and drug policy in the World Drug Report.",
         "Different views were expressed regarding the inclusion of a chapter")
everyday("Do the sleepy-type new street substances show up a lot in motorists tested after crashes?",
         [(2023, 102)], "2023: NPS with sedative effects often detected in drug driving cases and many post-mortem cases.",
         "NPS with sedative effects had often been detected in drug driving cases")
everyday("Does the usual overdose antidote spray work on the new designer substances?",
         [(2023, 102)], "2023: naloxone does not work in managing NPS overdoses as it does for opioids.",
         "naloxone does not work in managing NPS overdoses")
# ---------------------------------------------------------------- typo
typo("tramadol crsis", [(2019, 32)], "2019: some delegations stressed national control measures such as scheduling re the 'tramadol crisis'.",
     "with regard to the “tramadol crisis”")
typo("captgon armed groups", [(2023, 112)], "2023: captagon reported as a drug distributed among irregular combatants and terrorist groups.",
     "captagon being reported as a drug distributed among irregular combatants")
typo("narco-plaines landing strips", [(2021, 16)], "2021: smaller 'narco-planes' and clandestine landing strips used during the pandemic.",
     "clandestine landing strips, which posed among others also a serious threat")
typo("hepatits c injecting", [(2023, 91)], "2023: hepatitis C prevalence among people who inject drugs 37.2 times higher than in the general population.",
     "37.2 times higher than the prevalence of hepatitis C")
typo("waste water analisys", [(2019, 12)], "2019: UNODC presented waste water analysis as a relatively inexpensive data method.",
     "UNODC presented waste water analysis method")
typo("cryptocurency money laundering", [(2021, 27)], "2021: cryptocurrencies used to sell controlled substances and transfer illicit gains abroad; blockchain anonymity.",
     "cryptocurrencies were used by criminals to sell controlled substances")
typo("death penatly drug offences", [(2023, 76)], "2023: some opposed the death penalty in all circumstances; another said it was not forbidden by international law.",
     "the death penalty was not forbidden by international law")
typo("alternative developement funding", [(2019, 21)], "2019: short-term funding threatens sustainability; trust fund or donor coalition suggested.",
     "establishing a trust fund or a coalition of donors")
typo("naloxon overdose", [(2019, 30)], "2019: administration of naloxone, an opioid antagonist medication, to address overdose and mortality.",
     "administration of naloxone, an opioid antagonist medication")
typo("fentanil impact group", [(2023, 35)], "2023: INTERPOL Fentanyl Impact Group established to address trafficking in fentanyl, analogues and precursors.",
     "the INTERPOL Fentanyl Impact Group established to address trafficking in fentanyl")
typo("therapeutic comunities", [(2020, 13)], "2020: value of therapeutic communities, attracting people with poor prognostic indicators.",
     "underlined the value of therapeutic communities")

# ---------------------------------------------------------------- near-miss
near("How many registrations did the 2019 thematic session have?", [(2019, 7)],
     "2019 chapter says sessions were webcast in six languages but gives no registration or attendance figure (only 2020-2023 give registrations).", year=2019)
near("What was the budget of the UNODC-WCO Container Control Programme?", [(2019, 23), (2023, 18)],
     "Programme is commended/mentioned, but no budget or funding figure is given.")
near("How many countries have joined the US-led Global Coalition to Address Synthetic Drugs Threats?", [(2023, 18), (2023, 108)],
     "Coalition is welcomed and said to be led by the US, but no membership count or member list is given.")
near("Which country reported that NPS disappeared from the market after being scheduled?", [(2019, 14)],
     "Attributed only to 'another delegation'; no country is named.")
near("Which country shared its experience with drug consumption rooms at the 2020 meeting?", [(2020, 13)],
     "Only 'one speaker' is mentioned; the country is not named.", year=2020)
near("How many people were executed for drug offences in the year before the 2022 discussions?", [(2022, 25)],
     "2022 records divergent views on the death penalty but gives no execution figures.", year=2022)
near("Which delegations opposed adding a human rights chapter to the World Drug Report?", [(2022, 29)],
     "Supporters and opponents are described only as 'a number of speakers'/'other speakers'; no countries named.")
near("What exactly did the 2022 World Drug Report find about the effects of cannabis legalization?", [(2022, 20)],
     "Findings were 'cited' in 2022 but their content is not stated.", year=2022)
near("How many people registered for the December 2023 meeting on its own?", [(2023, 5)],
     "Only the combined October+December figure (over 1,300) is given; no December-only count.", year=2023)
near("What was the total value of drug-related assets seized worldwide in 2022?", [(2023, 48), (2023, 51)],
     "Only an average of 12.8 million USD per country (as of 2020) and a 1-2 per cent share are given; no global total. gold follows chapter (2023).", year=2022)
near("When was the Hydramarket dark web market shut down, and by which agency?", [(2023, 58)],
     "Hydramarket is named as shut down by law enforcement, but no date or agency is given.")
near("What did the Ambassador of Afghanistan say in his presentation at the 2019 session?", [(2019, 19)],
     "The 2019 chapter only notes that a presentation was made; its content is not reported.", year=2019)
near("How many people are imprisoned worldwide for drug offences?", [(2022, 24), (2023, 91)],
     "Prisons/imprisonment discussed (alternatives, HIV risk six times higher) but no count of drug prisoners is given.")
near("Which countries have decriminalized drug-related offences, according to the 2022 discussions?", [(2022, 15)],
     "2022 says examples of decriminalization were shared but names no countries.", year=2022)
near("Was CND resolution 66/3 adopted by vote or by consensus?", [(2023, 8), (2023, 108)],
     "Resolution 66/3 is cited but how it was adopted is never stated.")
near("What percentage of people in drug treatment are women?", [(2023, 80), (2022, 22)],
     "Gender gap in treatment access described as wide / women have less access, but no percentage is given.")
near("How many people died from drug overdoses worldwide in 2019?", [(2020, 11), (2020, 15)],
     "2020 chapter mentions high overdose mortality but gives no death count. gold follows chapter (2020).", year=2019)
near("What is the dollar value of the dark web drug market?", [(2021, 30), (2023, 58)],
     "Dark web expansion and a less-than-2-per-cent share are noted; no dollar value given.")
near("How many clandestine laboratories were dismantled according to the 2023 presentation?", [(2023, 27)],
     "A decrease in the number of laboratories dismantled is highlighted, but no number is given.", year=2023)
near("Which countries belong to the Friends of UNODC Research group?", [(2021, 10)],
     "Only that Singapore's Ambassador spoke on its behalf; membership not listed.")
near("How many Member States submitted the annual report questionnaire on time?", [(2021, 14), (2019, 13)],
     "ARQ submission is encouraged; no submission count or rate is given.")
near("When did the Taliban opium ban in Afghanistan take effect?", [(2023, 27)],
     "2023 mentions the opium ban in Afghanistan and its expected impact; no date (and no mention of the Taliban).")
near("How many hectares of forest have been lost to coca cultivation in South America?", [(2021, 17)],
     "Deforestation linked to coca is described; no area figure is given.")
near("What did the WHO Expert Committee on Drug Dependence recommend about cannabis?", [(2022, 19)],
     "The Committee is only described as making scheduling recommendations in general; no cannabis recommendation is stated.")
near("How many people took part in the Engaging Minds Fireside Chats in December 2023?", [(2023, 7)],
     "The chats with civil society, scientists and youth are mentioned; no participant numbers. ", year=2023)
near("Which country suggested using artificial intelligence to search dark web forums in 2021?", [(2021, 34)],
     "Attributed only to 'one speaker'; no country named.", year=2021)
near("How much money did the proposed alternative development trust fund raise?", [(2019, 21)],
     "A trust fund or donor coalition was only suggested in 2019; no amount raised.")
near("How many substances are registered in the UNODC Early Warning Advisory in total?", [(2019, 13), (2023, 106)],
     "EWA is praised; the document gives 618 NPS reported in 2021 (2023 ch.) but no EWA total registry count is stated.")
near("Who was the INCB President who addressed the 2022 opening?", [(2022, 9)],
     "The INCB President gave in-person remarks, but no name is given.", year=2022)
near("Which countries were said to be facing the 'tramadol crisis'?", [(2019, 32), (2023, 111)],
     "2019 names the crisis and 2023 locates non-medical tramadol supply in 'parts of Africa and Asia', but no countries are named.")
near("What was the absolute number of new HIV infections among people who inject drugs in 2019?", [(2020, 17)],
     "Only a share (10 percent of new HIV infections) is given, not an absolute number. gold follows chapter (2020).", year=2019)
near("What pledges did Member States make under the Pledge4Action initiative?", [(2023, 120)],
     "Pledge4Action is presented as a future mechanism; no pledges are listed.")
near("What was the name of the Vice-Chair who presented the Pledge4Action initiative?", [(2023, 120)],
     "He is described only as the then Vice-Chair and incoming Chair of the 67th CND; no name given.")
near("What recommendations did the OHCHR report on human rights and the world drug problem make on legalization?", [(2023, 77)],
     "Report is mentioned and concern about its regulation/legalization recommendations noted, but the recommendations are not stated.")

# ---------------------------------------------------------------- factoid
factoid("Who chaired the October 2019 thematic discussions?", [(2019, 1)],
        "H.E. Ambassador Mirghani Abbaker Altayeb Bakhjet (Sudan), Chair of CND 62nd session.",
        "chaired by H.E. Ambassador Mirghani Abbaker Altayeb Bakhjet (Sudan)", year=2019)
factoid("Who chaired the 2021 thematic discussions?", [(2021, 1)],
        "H.E. Ambassador Dominika KROIS (Poland).", "chaired by H.E. Ambassador Dominika KROIS (Poland)", year=2021)
factoid("Who chaired the September 2022 thematic discussions?", [(2022, 1)],
        "H.E. Ambassador Ghislain D'Hoop (Belgium).", "H.E. Ambassador Ghislain D’Hoop (Belgium)", year=2022)
factoid("Who moderated the 17 October 2019 session?", [(2019, 5)],
        "H.E. Ambassador Kazem Gharib Abadi, first Vice-Chair.", "moderated by H.E. Ambassador Kazem GHARIB ABADI", year=2019)
factoid("How many registrations did the 2020 thematic discussions attract?", [(2020, 5)],
        "Over 500 registrations, experts from over 100 Member States.", "With over 500 registrations", year=2020)
factoid("Which SDG target on illicit financial flows was cited in the money-laundering session?", [(2021, 24)],
        "SDG target 16.4 (by 2030 significantly reduce illicit financial and arms flows).", "sustainable development goal target 16.4")
factoid("What average value of assets seized or frozen per country was reported?", [(2023, 48)],
        "An average of 12.8 million USD per country as of 2020.", "an average of 12.8 million USD per country")
factoid("What share of the world's population was said to be connected online?", [(2023, 59)],
        "65 per cent of the population was connected online.", "65 per cent of the population was connected online")
factoid("How many NPS were reported in 2021, and how many were new?", [(2023, 101)],
        "618 NPS reported in 2021, of which 87 newly identified. gold follows chapter (2023).",
        "a total of 618 NPS reported in 2021", year=2021)
factoid("How many healthy years of life were lost to drug use according to the 2023 presentation?", [(2023, 80)],
        "30,9 million healthy years of life lost (DALYs) due to drug use.", "30,9 million healthy years of life lost", year=2023)
factoid("How much more likely are people who inject drugs to be living with HIV?", [(2023, 91)],
        "35 times more at risk of living with HIV.", "35 times more at risk of living with HIV")
factoid("How many countries have neither needle and syringe programmes nor opioid agonist therapy?", [(2023, 94)],
        "100 countries have neither.", "with 100 countries having neither of those")
factoid("Which CND resolution concerns preventing HIV among people who use drugs?", [(2020, 18)],
        "CND Resolution 60/8.", "CND Resolution 60/8 concerning preventing HIV amongst people who use drugs")
factoid("What are the dates of the 2022 thematic discussions?", [(2022, 4)],
        "21-22 September 2022, United Nations in Vienna.", "was held from 21–22 September 2022", year=2022)
# ---------------------------------------------------------------- paraphrase
para("Did a delegation indicate that, once a new psychoactive substance was placed under control, it generally vanished from the market?",
     [(2019, 14)], "Yes: another delegation reported that after scheduling an NPS it usually disappeared from the market.",
     "after scheduling an NPS, it usually disappeared from the market")
para("Was it concluded that no single universal model exists for incorporating human rights considerations into national drug policy?",
     [(2022, 28)], "Yes: several speakers concluded there was no 'one-size fits-all' approach; a contextual approach was needed.",
     "there was no “one-size fits-all” approach")
para("Was drug trafficking characterized as the backbone of organized criminal groups and the principal source of their revenue?",
     [(2021, 15)], "One speaker: drug trafficking remained the cornerstone of criminal organizations and the largest share of their profits.",
     "drug trafficking remained the cornerstone of criminal organizations")
para("Were the drug control treaties described as establishing a regime that is governed by rules yet adaptable as scientific knowledge advances?",
     [(2022, 13)], "Yes: drafters envisaged a rule-based but flexible system of control, reviewable as knowledge and science evolved.",
     "a rule-based, but flexible system of control")
para("Was the expansion of synthetic drug markets attributed to lower sourcing costs and more compact supply chains?",
     [(2023, 13)], "Yes: synthetic drugs are cheaper to source, have shorter supply chains, less labour and lower detection risk.",
     "synthetic drugs are cheaper to source, have shorter supply chains")
para("Was it reported that female drug users tend to be more susceptible to blood-borne infections than their male counterparts?",
     [(2020, 20)], "Yes: a UNODC speaker said women who use drugs were often more vulnerable to blood-borne diseases than men.",
     "women who use drugs were often more vulnerable to blood-borne diseases")
para("Was it observed that criminal networks increasingly contract out their money-laundering activities to external specialists?",
     [(2021, 26)], "Yes: one speaker said networks were increasingly outsourcing money-laundering to seek external expertise and distance themselves.",
     "criminal networks had been increasingly outsourcing their money-laundering business")
para("Was the supply of pharmaceutical opioids said to have risen sharply over recent decades before dipping slightly?",
     [(2020, 28)], "Yes: availability increased dramatically, especially 1998-2009, then slight decline in the last five years.",
     "especially between 1998 and 2009")
para("Was it stated that the treaties permit States to apply alternatives to conviction or punishment?",
     [(2023, 68)], "Yes: the three conventions provided the flexibility to apply alternatives to conviction or punishment.",
     "provided the flexibility to apply alternatives to conviction or punishment")

# ---------------------------------------------------------------- topic-year
topic("What was said about the darknet in 2019?", 2019, [(2019, 24), (2019, 15)],
      "2019: darknet investigations/court evidence difficult, UNODC trainings, postal delivery, cryptocurrency influence on sales.")
topic("What was discussed about COVID-19 and drug treatment services in 2020?", 2020, [(2020, 15), (2020, 14)],
      "2020: quarantine disrupted residential treatment and harm reduction; overdose mortality rose; methadone dispensing eased.")
topic("What was discussed about crimes affecting the environment in 2021?", 2021, [(2021, 17)],
      "2021: deforestation and illicit cultivation in South America, coca production centres, illegal gold mining convergence.")
topic("What was said about alternative development in 2022?", 2022, [(2022, 27)],
      "2022: supporting people in illicit cultivation to transition to sustainable alternative livelihoods; protects from exploitation.")
topic("What was discussed about cannabis in 2023?", 2023, [(2023, 21), (2023, 75), (2023, 34)],
      "2023: growing use among youth and misperception of harmlessness; divergent views on legalization; CBD as precursor for semi-synthetic cannabinoids.")
topic("What was said about proportionate sentencing in 2022?", 2022, [(2022, 23), (2022, 24)],
      "2022: UNODC on individualized proportionate sentences (process and outcome), non-custodial options; speakers on proportional justice.")

# ---------------------------------------------------------------- not-covered
notcov("What did the Commission say about harms from alcohol use?",
       "Alcohol is never discussed. searched: alcohol, liquor, binge drinking")
notcov("Was kratom discussed as an emerging substance of concern?",
       "Kratom/mitragynine never mentioned. searched: kratom, mitragyn")
notcov("What was said about vaping or e-cigarettes among teenagers?",
       "No mention of vaping; tobacco only appears as a prevention case study. searched: vaping, e-cigarette, nicotine")
notcov("Did delegates discuss khat chewing in the Horn of Africa?",
       "Khat is never mentioned. searched: khat, qat, catha edulis")
notcov("What was said about ayahuasca ceremonies and religious use of psychoactive plants?",
       "Not discussed. searched: ayahuasca, religious, ceremon")
notcov("Did the thematic discussions address MDMA or ecstasy at music festivals?",
       "No mention of MDMA/ecstasy or festivals. searched: MDMA, ecstasy, festival")
notcov("What did the Commission say about street prices of cocaine in Europe?",
       "No price data anywhere in the document. searched: street price, price per gram, prices")
notcov("Was doping in sport or performance-enhancing drugs discussed?",
       "Not discussed. searched: doping, anabolic, steroid, athlete")
notcov("What was said about gambling addiction alongside drug addiction?",
       "Not discussed. searched: gambling, betting, casino")
notcov("Did anyone discuss nitrous oxide (laughing gas) misuse?",
       "Not discussed. searched: nitrous, laughing gas")

# ---------------------------------------------------------------- conversation
conv(["What was said about the death penalty in 2022?"], "And in 2019?", "not_covered", [],
     "Death penalty only appears in 2022 and 2023; the 2019 chapter never mentions it. searched: death penalty, death sentence, capital punishment",
     year=2019)
conv(["Where are the new captagon trafficking hubs, according to the 2023 discussions?"], "Was captagon mentioned in 2020 as well?", "not_covered", [],
     "Captagon appears only in the 2023 chapter (paras 27, 112); absent from 2020. searched: captagon, fenethylline", year=2020)
conv(["How did criminals use cryptocurrency according to the 2021 discussions?"], "What about 2022?", "not_covered", [],
     "2022 chapter (human rights session) never mentions cryptocurrency or blockchain. searched: crypto, blockchain, bitcoin", year=2022)
conv(["Who chaired the 2021 thematic discussions?"], "What is the UNODC STAND programme?", "answered", [(2023, 28)],
     "Standalone question; must not inherit 2021. STAND (2023) aims at sustainable, environmentally responsible disposal of drugs and chemicals.",
     fact="the UNODC STAND program as an initiative aimed at finding sustainable")
conv(["What did the 2020 session say about NPS use among young people?"], "What is CHAMPS?", "answered", [(2023, 81), (2023, 68)],
     "Standalone question; must not inherit 2020. CHAMPS = Children Amplified Prevention Services, new UNODC early prevention initiative (2023).",
     fact="CHAMPS (Children Amplified Prevention Services)")
conv(["Who chaired the 2022 thematic discussions?"], "And who chaired them the following year?", "answered", [(2023, 1)],
     "Following year = 2023: H.E. Ambassador Miguel Camilo Ruiz Blanco (Colombia).",
     fact="H.E. Ambassador Miguel Camilo Ruiz Blanco (Colombia)")
conv(["How many registrations did the 2021 thematic discussions have?"], "And in 2022?", "answered", [(2022, 5)],
     "2022: around 700 registrations.", fact="With around 700 registrations", year=2022)
conv(["What did the 2019 session say about drug use among young people?"], "What about older people?", "answered", [(2019, 26)],
     "Same 2019 paragraph: ageing population led to more elderly drug users, creating prevention/treatment challenges.",
     fact="ageing population also led to an increasing number of elderly drug users")
conv(["What was said in 2021 about links between trafficking in persons and drug crime?"], "Why don't the victims go to the police?", "answered", [(2021, 20)],
     "2021: traffickers exploit victims' fear of being treated as criminals to prevent reporting.",
     fact="the fear of the victims to be treated as criminals")
conv(["What did the 2023 session say about the Global Coalition to Address Synthetic Drugs Threats?"], "Who leads it?", "answered", [(2023, 18), (2023, 118)],
     "Led by the United States (2023).", fact="Global Coalition to Address Synthetic Drugs Threats led by the United States")

# ---------------------------------------------------------------- year-conflict
conflict("How many registrations did the 2023 thematic discussions have?", 2023, 2022, [(2023, 5)],
         "Over 1,300 registrations (October and December combined), over 160 Member States.", "had over 1,300 registrations")
conflict("Who chaired the 2020 thematic discussions?", 2020, 2021, [(2020, 1)],
         "Ambassador Wolfgang Amadeus Bruelhart (Switzerland), Second Vice-Chair, on behalf of Chair Mansoor Ahmad Khan.",
         "chaired by H.E. Ambassador Wolfgang Amadeus Bruelhart (Switzerland)")
conflict("How many registrations did the 2021 thematic discussions have?", 2021, 2020, [(2021, 5)],
         "Over 600 registrations.", "With over 600 registrations")
conflict("What new trend in trafficking of raw materials was noted at the 2019 session?", 2019, 2023, [(2019, 23)],
         "2019: increase in trafficking of raw material instead of refined drugs; labs relocating closer to destination countries.",
         "illicit trafficking of raw material instead of refined drugs")

# ---------------------------------------------------------------- other-language
lang("¿Quién presidió los debates temáticos de 2023?", [(2023, 1)],
     "Spanish: chaired by Ambassador Miguel Camilo Ruiz Blanco (Colombia).", "Ambassador Miguel Camilo Ruiz Blanco (Colombia)", year=2023)
lang("Selon les discussions de 2020, quelle proportion des personnes dans le monde avait accès à un traitement ?", [(2020, 11)],
     "French: only one in eight persons globally had access to proper treatment.", "only one in eight persons globally", year=2020)
lang("Какой процент населения мира подключён к интернету, согласно обсуждениям 2023 года?", [(2023, 59)],
     "Russian: 65 per cent of the population was connected online.", "65 per cent of the population was connected online", year=2023)
lang("2022年专题讨论共有多少人注册？", [(2022, 5)],
     "Chinese: around 700 registrations.", "With around 700 registrations", year=2022)
lang("Wie viele Menschen injizierten laut dem Weltdrogenbericht 2020 Drogen?", [(2020, 17)],
     "German: more than 11 million people injected drugs (2020 World Drug Report).", "more than 11 million people injected drugs", year=2020)
def main():
    order = {k: i for i, k in enumerate(KIND_ORDER)}
    items = sorted(ITEMS, key=lambda it: order[it["kind"]])  # stable: keeps writing order within a kind
    out = []
    for i, it in enumerate(items, 1):
        rec = {"id": f"r{i:03d}"}
        rec.update(it)
        out.append(rec)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "questions.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=2)
    print(f"wrote {len(out)} items to {path}")


if __name__ == "__main__":
    main()
