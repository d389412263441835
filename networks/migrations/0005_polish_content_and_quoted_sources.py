"""Model content in both languages, and the pilot's texts quoted exactly as the source gives them.

1. Translated fields (django-modeltranslation) start from the Polish text already stored.
2. Texts loaded by earlier versions of the pilot data reworded the source (S1) in places;
   where a row still holds exactly that earlier wording (nobody edited it since), it now
   quotes the source. A date S1 does not print (the complete-MID figures) is removed.
"""

from django.db import migrations

TRANSLATED = {
    "networks_edition": ["name", "description"],
    "networks_network": ["name", "description"],
    "networks_midthread": ["text"],
    "networks_meeting": ["title"],
    "networks_improvementplan": ["title", "summary"],
    "networks_recommendation": ["text"],
    "networks_editionrecommendation": ["text"],
}
PILOT = "pilotaz-2017-2019"

THREADS = [('jakosc-powietrza',
  1,
  'Działania mające na celu obniżenie niskiej emisji, m.in. wymiana źródeł ciepła, '
  'termomodernizacje budynków',
  'Działania mające na celu obniżenie niskiej emisji m.in. wymiana źródeł ciepła, '
  'termomodernizacje budynków'),
 ('mobilnosc-miejska',
  1,
  'Funkcjonowanie komunikacji publicznej, w tym na obszarach funkcjonalnych miast',
  'Funkcjonowanie komunikacji publicznej, w tym na obszarach funkcjonalnych miast.'),
 ('mobilnosc-miejska',
  2,
  'Rozwój alternatywnych form transportu, tj. ruchu rowerowego, pieszego, oraz uspokojenie ruchu w '
  'przestrzeni miejskiej',
  'Rozwój alternatywnych form transportu tj. ruchu rowerowego, pieszego oraz uspokojenie ruchu w '
  'przestrzeni miejskiej')]
RECOMMENDATIONS = [(2,
  'Zapewnienie większej adekwatności systemu finansowania do rzeczywistych potrzeb występujących w '
  'obszarach zdegradowanych (np. poprzez programy oszczędnościowe).',
  'Zapewnienie większej adekwatności systemu finansowania do rzeczywistych potrzebów [potrzeb] '
  'występujących w obszarach zdegradowanych (np. poprzez programy sparacyjne [sic]).'),
 (3,
  'Urealnienie zasad prowadzenia rewitalizacji i jej wskaźników, które powinny dotyczyć przede '
  'wszystkim efektu całego procesu w długim horyzoncie czasowym, z większym naciskiem na sprawy '
  'społeczne.',
  'Urealnienie zasad prowadzenia rewitalizacji i jej wskaźników, które powinny dotyczyć przede '
  'wszystkim efektu: - całego procesu w długim horyzoncie czasowym - np. poprzez szersze spożycie '
  '[sic] na sprawy społeczne i kontekst społeczkowy [społeczny].'),
 (4,
  'Inwestowanie i ograniczanie kosztów rewitalizacji oraz aktywne promowanie dobrych praktyk.',
  'Inwestowanie i wstrzymanie kosztów rewitalizacji oraz aktywne promowanie dobrych praktyk.'),
 (5,
  'Zniwelowanie barier dla miast mniejszych i gorzej położonych poprzez uproszczenie trybu '
  'prowadzenia rewitalizacji i skierowanie wsparcia do obszarów o największych potrzebach, bez '
  'względu na przebieg granic województw.',
  'Zniwolenie [Zniwelowanie] barier szceno [sic] dla miast mniejszych i gorzej położonych poprzez '
  'uproszczenie trybu prowadzenia rewitalizacji i skierowanie wsparcia w rejonach o największych '
  'potrzebach, bez względu na przebieg granic województwa.'),
 (6,
  'Zniesienie barier instytucjonalnych (komunikacja i kultura organizacyjna) i poprawa zarządzania '
  'rewitalizacją dzięki zwiększeniu potencjałów rozwojowych miast poprzez stworzenie „sieci” w '
  'administracji publicznej.',
  'Zniesienie barier instytucjonalnych (komunikacja i kultura organizacyjna) i poprawa zarządzania '
  'rewitalizacją dzięki zwiększeniu potencjałów rozwojowych miast poprzez stworzenie „siatek” w '
  'administracji publicznej.'),
 (7,
  'Wznowienie udziału sektora prywatnego w rewitalizacji – należy stworzyć ramy prawne i finansowe '
  'umożliwiające realne zaangażowanie podmiotów prywatnych w rewitalizację.',
  'Wznowienie udziału sektora prywatnego w rewitalizacji - należy stworzyć ramy prawne i finansowe '
  'umożliwiające realne zaangażowanie podmiotów prywatnych w rewitalizację.')]
FUTURE = [(5,
  'Rewizja sfery produktowej PIM – zwłaszcza dokumentu MID oraz zasad lokalnego partnerstwa',
  'Rewizja sfery produktowej PIM - zwłaszcza dokumentu MID oraz zasad lokalnego partnerstwa'),
 (6,
  'Utrzymywanie kontaktu z uczestnikami pilotażu – poprzez dalsze prace w podsieciach lub w roli '
  'doradców w nowych sieciach',
  'Utrzymywanie kontaktu z uczestnikami pilotażu - poprzez dalsze prace w podsieciach lub w roli '
  'doradców w nowych sieciach'),
 (8,
  'Włączenie do prac sieci innych podmiotów – przedstawicieli ministerstw, organizacji '
  'pozarządowych',
  'Włączenie do prac Sieci innych podmiotów - przedstawiciele ministerstw, NGOs'),
 (10,
  'Przejrzyste określenie obowiązków, kosztów, ale i zysków z udziału – na etapie rekrutacji gmin',
  'Przejrzyste określenie obowiązków, kosztów, ale i zysków z udziału - na etapie rekrutacji gmin'),
 (11,
  'Ustanowienie formy współfinansowania MID, ułatwiającej ich realizację',
  'ustanowienie formy współfinansowania MID-ów, ułatwiających ich realizację'),
 (12,
  'Wzmocnienie instytucjonalne miast (wyrażających taką potrzebę) w postaci np. pomocy eksperckiej '
  'czy facylitacji',
  'wzmocnienie instytucjonalne miast (wyrażających taką potrzebę) w postaci np. pomocy eksperckiej '
  'czy facylitacji'),
 (13,
  '„Spotkania na szczycie” burmistrzów i prezydentów miast uczestniczących w PIM w celu '
  'wzmocnienia wsparcia politycznego dla realizacji MID',
  '„spotkania na szczycie” burmistrzów i prezydentów miast uczestniczących w PIM w celu '
  'wzmocnienia wsparcia politycznego dla realizacji MID w miastach'),
 (14,
  'Wsparcie merytoryczne i mentoring od samego początku funkcjonowania sieci, a nawet przed '
  'rozpoczęciem jej faktycznych prac (np. warsztaty przygotowujące)',
  'wsparcie merytoryczne/mentoring powinien funkcjonować od samego początku funkcjonowania sieci, '
  'a nawet przed rozpoczęciem faktycznych prac sieci, (ew. w formie warsztatów przygotowujących), '
  'tak by uczestnicy sieci wiedzieli jak będzie przebiegał proces współpracy, czego będzie wymagał '
  'oraz jakimi umiejętnościami i kompetencjami powinny charakteryzować się osoby uczestniczące w '
  'pracach sieci'),
 (15,
  'Ewentualne „otwarcie” sieci na partnera z zagranicy, który będzie dzielił się wiedzą i '
  'umiejętnościami z realizacji projektów URBACT',
  'ewentualne „otwarcie” sieci na partnera z zagranicy, który będzie dzielił się wiedzą i '
  'umiejętnościami płynącymi z realizacji projektów Urbact')]
NEXT_STEPS = [(1,
  'Promocja wyników prac sieci – zaleceń Planów Ulepszeń',
  'Promocja wyników prac sieci – zaleceń PU'),
 (3,
  'Wdrażanie MID, tych najlepszych przy wsparciu MIiR',
  'Wdrażanie MID-ów, tych najlepszych przy wsparciu MliR [MIiR]')]
MEETINGS = [('all-network-workshop',
  '2017-11-01',
  'Warsztat wszystkich sieci: zasady realizacji PIM',
  'Wspólny warsztat wszystkich uczestniczących miast dot. zasad realizacji PIM'),
 ('all-network-workshop',
  '2018-05-01',
  'Szkolenie z pracy z lokalnymi interesariuszami nad MID',
  'Szkolenie z pracy z lokalnymi interesariuszami nad MIID [MID]'),
 ('all-network-workshop',
  '2019-10-21',
  'Spotkanie podsumowujące prace 3 sieci PIM (warsztat II)',
  'Spotkanie podsumowujące prace 3 sieci Partnerskiej Inicjatywy Miast')]


def copy_polish(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for table, fields in TRANSLATED.items():
            for field in fields:
                cursor.execute(f"UPDATE {table} SET {field}_pl = {field} WHERE {field}_pl IS NULL")


def quote_the_source(apps, schema_editor):
    Edition = apps.get_model("networks", "Edition")
    MidThread = apps.get_model("networks", "MidThread")
    Recommendation = apps.get_model("networks", "Recommendation")
    EditionRecommendation = apps.get_model("networks", "EditionRecommendation")
    Meeting = apps.get_model("networks", "Meeting")
    NetworkMidFigure = apps.get_model("networks", "NetworkMidFigure")
    pilot = Edition.objects.filter(slug=PILOT).first()
    if pilot is None:
        return
    for network, position, old, new in THREADS:
        MidThread.objects.filter(
            network__edition=pilot, network__slug=network, position=position, text_pl=old
        ).update(text=new, text_pl=new)
    for number, old, new in RECOMMENDATIONS:
        Recommendation.objects.filter(
            plan__network__edition=pilot, plan__network__slug="rewitalizacja", number=number, text_pl=old
        ).update(text=new, text_pl=new)
    for kind, rows in (("recommendation", FUTURE), ("next-step", NEXT_STEPS)):
        for position, old, new in rows:
            EditionRecommendation.objects.filter(
                edition=pilot, kind=kind, position=position, text_pl=old
            ).update(text=new, text_pl=new)
    for kind, starts_on, old, new in MEETINGS:
        Meeting.objects.filter(edition=pilot, kind=kind, starts_on=starts_on, title_pl=old).update(
            title=new, title_pl=new
        )
    NetworkMidFigure.objects.filter(
        network__edition=pilot, metric="complete-after-review", as_of="2019-10-21"
    ).update(as_of=None)


class Migration(migrations.Migration):
    dependencies = [("networks", "0004_translated_content_and_member_count_source")]

    operations = [
        migrations.RunPython(copy_polish, migrations.RunPython.noop),
        migrations.RunPython(quote_the_source, migrations.RunPython.noop),
    ]
