"""Sentences for the demo's free text: plausible survivor comments, composed at random.

Each pool holds sentences in a survivor's own voice about one service and one
theme (codebook ids). The demo joins one to three of them, sometimes with
personal data in it, so redaction and theme coding have real work to do.
Fictional throughout; any likeness to a real person is chance.
"""

from __future__ import annotations

import random

POLICE_GOOD: dict[str, list[str]] = {
    "believed": [
        "The officer who came out believed me straight away and said it was not my fault.",
        "For the first time someone in a uniform actually believed me.",
        "They took me seriously even though I had no marks on me.",
        "The PPU officer never once made me feel like I was making it up.",
        "She said I believe you, and I cried because nobody had said that before.",
    ],
    "respect": [
        "The two officers were calm and kind and spoke to me like a person.",
        "They were respectful and let me take my time.",
        "The officer got down to my son's level and talked to him gently.",
        "I was treated with dignity even though I was in a state.",
        "They asked before they took photos and explained why.",
    ],
    "safety": [
        "They got him out of the house that night and I could finally sleep.",
        "They put a marker on my address so any 999 call gets priority.",
        "The officer sorted a panic alarm for me within a couple of days.",
        "I felt safe for the first time in months after they came.",
        "They did a safety plan with me before they left.",
        "Knowing there was a DVPO in place made me feel a lot safer.",
    ],
    "kept_informed": [
        "My officer rang me every week, even when there was no news.",
        "I always knew what was happening with my case.",
        "They texted me when he was charged so I did not hear it from anyone else.",
        "The investigating officer gave me a direct number and always called back.",
        "They told me before he was released so I could make plans.",
    ],
    "response_time": [
        "They came within ten minutes of my 999 call.",
        "The response was really fast, they were at the door before I put the phone down.",
        "I rang 101 and someone called me back the same afternoon.",
        "They were there in minutes.",
    ],
    "options_explained": [
        "The officer explained Clare's Law and what I could ask for.",
        "They went through all my options without pushing me either way.",
        "I finally understood what a non-molestation order was and how to get one.",
        "They explained what would happen at each step and what my choices were.",
        "They told me about the IDVA service and put me in touch.",
    ],
    "justice_outcome": [
        "He was charged and the officer kept going until it got to court.",
        "He pleaded guilty in the end and I did not have to give evidence.",
        "The restraining order has made a real difference.",
        "They built a strong case with the body cam footage.",
    ],
    "children_family": [
        "They made sure the kids were OK and spoke to the school for me.",
        "The officer was brilliant with my daughter, she still talks about her.",
        "They thought about my children as well as me.",
    ],
    "emotional_support": [
        "The officer sat with me until my sister arrived.",
        "They checked how I was feeling, not just what happened.",
        "I was shaking and they made me a cup of tea and waited.",
    ],
    "access_language": [
        "They got an interpreter on the phone so I could say it in my own language.",
        "They spoke slowly and checked I understood every word.",
    ],
}

POLICE_BAD: dict[str, list[str]] = {
    "believed": [
        "The first officer asked why I did not just leave, like it was my fault.",
        "I felt like they did not believe me because I did not have bruises.",
        "They spoke to him first and took his side.",
        "One officer said it was six of one and half a dozen of the other.",
        "They treated it like a domestic row and not a crime.",
    ],
    "respect": [
        "One officer was rude and kept looking at his phone while I talked.",
        "I was made to feel like I was wasting their time.",
        "They talked about me in front of me like I was not there.",
        "The officer rolled his eyes when I said it had happened before.",
    ],
    "safety": [
        "He was released the same day and nobody told me, he turned up at my door.",
        "I still do not feel safe and nothing has changed.",
        "They left me alone in the house with him still outside.",
        "The bail conditions were broken again and again and nothing happened.",
        "I asked for a panic alarm and it took six weeks.",
    ],
    "kept_informed": [
        "I never heard back after I gave my statement.",
        "Not once did they call me back, I had to chase them every time.",
        "I had to ring 101 over and over to find out anything.",
        "My officer changed three times and no one told me.",
        "I found out he had been released from his friend's Facebook post.",
        "Months went by with no update at all.",
    ],
    "response_time": [
        "It took four hours for anyone to come after I rang 999.",
        "I waited on hold on 101 for over an hour and gave up.",
        "By the time they came he had gone and so had the evidence.",
        "They said someone would come the next day and no one came.",
    ],
    "options_explained": [
        "Nobody explained what a DVPO was or what would happen next.",
        "I did not understand the forms and nobody went through them with me.",
        "I only found out about Clare's Law from a friend.",
        "No one told me I could get a non-molestation order.",
    ],
    "justice_outcome": [
        "It was NFA in the end and no one explained why.",
        "They dropped the case without even asking me.",
        "He got a caution and was back on my street the next week.",
        "The CPS would not charge because it was my word against his.",
        "Court was put off four times and I gave up in the end.",
    ],
    "children_family": [
        "Nobody asked about my children at all.",
        "They spoke to my kids in front of him, which put them at risk.",
        "Social services were called and I was made to feel like a bad mum.",
    ],
    "emotional_support": [
        "I was left on my own straight after giving a statement and I fell apart.",
        "It felt like a tick box, nobody asked how I was.",
    ],
    "access_language": [
        "There was no interpreter and my son had to translate for me.",
        "They used his cousin to interpret, which was not safe.",
        "The letters were full of words I did not understand.",
    ],
}

SUPPORT_GOOD: dict[str, list[str]] = {
    "believed": [
        "The staff believed every word from day one.",
        "Nobody here ever doubted me.",
    ],
    "respect": [
        "Staff treat you like a grown woman, not a case.",
        "They never judged me, even on my worst days.",
        "Everyone at the refuge was kind and respectful.",
    ],
    "safety": [
        "I feel safe here for the first time in years.",
        "The refuge is secure and I can sleep at night.",
        "My worker helped me change my locks and get a doorbell camera.",
        "The safety plan we did together has kept me safe.",
    ],
    "kept_informed": [
        "My key worker always told me what was going on with my housing.",
        "They kept me in the loop with everything.",
    ],
    "housing_practical": [
        "They helped me with my Universal Credit claim and food bank vouchers.",
        "My support worker helped me find a flat and get furniture.",
        "They sorted a school place for my son within a week.",
        "They helped me open my own bank account.",
        "I got help with money, benefits and a move to a new area.",
    ],
    "emotional_support": [
        "The group sessions helped me see it was not my fault.",
        "My worker listened for as long as I needed to talk.",
        "The counselling has changed my life.",
        "I met other women who understood, and that helped so much.",
        "They were there for me at three in the morning when I could not cope.",
    ],
    "children_family": [
        "The children's worker was amazing with my two.",
        "My kids are settled and happy at their new school.",
        "They helped my daughter with her nightmares.",
    ],
    "options_explained": [
        "My outreach worker explained all my choices and let me decide.",
        "They went through the court process with me step by step.",
    ],
    "access_language": [
        "They found a worker who spoke Urdu, which made all the difference.",
        "They read the letters with me and explained the hard words.",
    ],
    "justice_outcome": [
        "My IDVA came to court with me and I got through it.",
    ],
}

SUPPORT_BAD: dict[str, list[str]] = {
    "housing_practical": [
        "I have been waiting months for move-on housing.",
        "The room is very small for me and three children.",
        "The council kept sending me back to the refuge and the refuge back to the council.",
        "There was no help with money until I had already run out.",
    ],
    "kept_informed": [
        "I was not told when my worker left and no one picked up my case.",
        "I never know what is happening with my housing bid.",
    ],
    "response_time": [
        "I waited three weeks for a call back from outreach.",
        "It took ages to get a space and I had to sofa surf.",
    ],
    "emotional_support": [
        "There is a long wait for counselling.",
        "Some days there is no one to talk to when you need it most.",
        "I felt lonely at the weekends when the office is shut.",
    ],
    "children_family": [
        "There is nothing for the kids to do in the evenings.",
        "My son had to change schools twice and it was very hard on him.",
    ],
    "respect": [
        "One member of staff was sharp with me in front of other residents.",
        "House rules felt like being treated as a child.",
    ],
    "safety": [
        "Another resident told someone the address and I did not feel safe.",
        "The back door does not always lock.",
    ],
    "access_language": [
        "Nobody spoke my language and the forms were only in English.",
        "The phone interpreter kept cutting out.",
    ],
}

GENERAL_GOOD = [
    "Thank you for everything.",
    "I do not know where I would be without you.",
    "Keep doing what you are doing.",
    "It was hard but I am glad I asked for help.",
    "Honestly I was scared to call but I am glad I did.",
]

GENERAL_BAD = [
    "It all felt very slow.",
    "Please listen to women when they tell you they are scared.",
    "I nearly gave up.",
    "It should not be this hard to get help.",
]

IMPROVE_SUGGESTIONS = [
    "A named person to call would help.",
    "Text updates would be better than letters.",
    "More female officers, please.",
    "Longer opening hours for the helpline.",
    "Somewhere quiet for the kids while I give my statement.",
    "Training for call handlers on coercive control.",
    "Check in after the case is closed too.",
    "Make the forms simpler.",
    "Tell us sooner when he gets out.",
    "More counselling sessions.",
    "Help with getting to court.",
    "A drop-in session at the weekend.",
    "Information in more languages.",
]

NOTHING = ["Nothing.", "nothing really", "No.", "n/a", "Not sure.", "All good."]

# Personal data a survivor might write despite the warning. Redaction takes it out.
PERSONAL_DATA = [
    "PC Hughes was the best, please thank her.",
    "Ask DC Patel, she knows my case.",
    "My worker Sarah was brilliant.",
    "If you need me call 07700 900461.",
    "You can email me at jo.bloggs@example.com.",
    "I moved from B23 6TE and it still is not safe there.",
    "My son Tyler still has nightmares.",
    "Officer Gibbs spoke to me like dirt.",
    "My number is +44 7700 900872 if anyone wants to talk.",
    "He still drives past in his car, it is AB12 CDE.",
    "The crime number is 43/118822/25 and nobody has looked at it.",
    "sergeant morris sorted everything out.",
    "I live at 14 Station Road now and feel much safer.",
    "My daughter amira loves the play worker.",
    "Mrs Khan at the refuge was an angel.",
]


def compose_comment(rng: random.Random, kind: str, service: str, mood: float) -> str:
    """A comment for `went_well` or `could_improve`, given service and mood (-1..1)."""
    police = service == "police"
    good = POLICE_GOOD if police else SUPPORT_GOOD
    bad = POLICE_BAD if police else SUPPORT_BAD
    if kind == "went_well":
        if mood < -0.5 and rng.random() < 0.5:
            return rng.choice(NOTHING)
        pools = [good]
        closers = GENERAL_GOOD
    else:
        if mood > 0.6 and rng.random() < 0.5:
            return rng.choice(NOTHING + IMPROVE_SUGGESTIONS)
        pools = [bad]
        closers = GENERAL_BAD + IMPROVE_SUGGESTIONS
    themes = list(pools[0])
    sentences = [rng.choice(pools[0][theme]) for theme in rng.sample(themes, k=rng.choice((1, 1, 2, 2, 3)))]
    if kind == "went_well" and mood < 0.2 and rng.random() < 0.4:
        # Mixed: the good thing, then what spoiled it.
        sentences.append("But " + _lower_first(rng.choice(bad[rng.choice(list(bad))])))
    if rng.random() < 0.3:
        sentences.append(rng.choice(closers))
    if rng.random() < 0.06:
        sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(PERSONAL_DATA))
    text = " ".join(sentences)
    if rng.random() < 0.12:
        text = text.lower()  # phones and quick typists
    return text


def _lower_first(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:] if sentence[:2] != "I " else sentence
