"""The first list of rejection reasons, with their labels in every UI language.

The secretariat edits the list in the admin afterwards (this runs once).
"""

from django.db import migrations

REASONS = [
    (
        "not_relevant",
        "Not related to social progress",
        {
            "ar": "لا علاقة له بالتقدم الاجتماعي",
            "bn": "সামাজিক অগ্রগতির সঙ্গে সম্পর্কিত নয়",
            "zh-hans": "与社会进步无关",
            "fr": "Sans rapport avec le progrès social",
            "hi": "सामाजिक प्रगति से संबंधित नहीं",
            "ja": "社会の進歩に関係がない",
            "pt": "Não relacionado ao progresso social",
            "ru": "Не связано с социальным прогрессом",
            "sw": "Haihusiani na maendeleo ya kijamii",
            "es": "No guarda relación con el progreso social",
        },
    ),
    (
        "insufficient",
        "Not enough information to understand what the initiative does",
        {
            "ar": "لا توجد معلومات كافية لفهم ما تقوم به المبادرة",
            "bn": "উদ্যোগটি কী করে তা বোঝার মতো যথেষ্ট তথ্য নেই",
            "zh-hans": "信息不足，无法了解该倡议做什么",
            "fr": "Pas assez d'informations pour comprendre ce que fait l'initiative",
            "hi": "यह समझने के लिए पर्याप्त जानकारी नहीं है कि पहल क्या करती है",
            "ja": "取り組みの内容を理解するための情報が足りない",
            "pt": "Informações insuficientes para entender o que a iniciativa faz",
            "ru": "Недостаточно сведений, чтобы понять, чем занимается инициатива",
            "sw": "Hakuna taarifa za kutosha kuelewa mpango huu unafanya nini",
            "es": "No hay información suficiente para entender lo que hace la iniciativa",
        },
    ),
    (
        "duplicate",
        "Duplicate of an entry already on the platform",
        {
            "ar": "نسخة مكررة من مدخل موجود بالفعل على المنصة",
            "bn": "প্ল্যাটফর্মে আগে থেকেই থাকা একটি এন্ট্রির পুনরাবৃত্তি",
            "zh-hans": "与平台上已有的条目重复",
            "fr": "Doublon d'une fiche déjà présente sur la plateforme",
            "hi": "प्लेटफ़ॉर्म पर पहले से मौजूद प्रविष्टि की दोहराई गई प्रति",
            "ja": "プラットフォームに既にある項目と重複している",
            "pt": "Duplicata de um registro que já está na plataforma",
            "ru": "Повторяет запись, которая уже есть на платформе",
            "sw": "Nakala ya taarifa iliyopo tayari kwenye jukwaa",
            "es": "Duplicado de una ficha que ya está en la plataforma",
        },
    ),
    (
        "discrimination",
        "Contradicts the Charter: discrimination",
        {
            "ar": "يتعارض مع الميثاق: تمييز",
            "bn": "সনদের পরিপন্থী: বৈষম্য",
            "zh-hans": "违反章程：歧视",
            "fr": "Contraire à la Charte : discrimination",
            "hi": "चार्टर के विरुद्ध: भेदभाव",
            "ja": "憲章に反する：差別",
            "pt": "Contraria a Carta: discriminação",
            "ru": "Противоречит Хартии: дискриминация",
            "sw": "Inakiuka Mkataba: ubaguzi",
            "es": "Contrario a la Carta: discriminación",
        },
    ),
    (
        "hate_violence",
        "Contradicts the Charter: hateful or violent content",
        {
            "ar": "يتعارض مع الميثاق: محتوى يحض على الكراهية أو العنف",
            "bn": "সনদের পরিপন্থী: বিদ্বেষমূলক বা সহিংস বিষয়বস্তু",
            "zh-hans": "违反章程：仇恨或暴力内容",
            "fr": "Contraire à la Charte : contenu haineux ou violent",
            "hi": "चार्टर के विरुद्ध: घृणा फैलाने वाली या हिंसक सामग्री",
            "ja": "憲章に反する：憎悪的または暴力的な内容",
            "pt": "Contraria a Carta: conteúdo de ódio ou violento",
            "ru": "Противоречит Хартии: ненавистнический или жестокий контент",
            "sw": "Inakiuka Mkataba: maudhui ya chuki au vurugu",
            "es": "Contrario a la Carta: contenido de odio o violento",
        },
    ),
    (
        "personal_data",
        "Contains personal data of third parties",
        {
            "ar": "يحتوي على بيانات شخصية لأطراف أخرى",
            "bn": "তৃতীয় পক্ষের ব্যক্তিগত তথ্য রয়েছে",
            "zh-hans": "包含第三方的个人数据",
            "fr": "Contient des données personnelles de tiers",
            "hi": "इसमें अन्य लोगों का व्यक्तिगत डेटा है",
            "ja": "第三者の個人データが含まれている",
            "pt": "Contém dados pessoais de terceiros",
            "ru": "Содержит персональные данные третьих лиц",
            "sw": "Ina taarifa binafsi za watu wengine",
            "es": "Contiene datos personales de terceros",
        },
    ),
    (
        "advertising",
        "Advertising rather than a description of an initiative",
        {
            "ar": "إعلان وليس وصفًا لمبادرة",
            "bn": "উদ্যোগের বর্ণনা নয়, বরং বিজ্ঞাপন",
            "zh-hans": "是广告，而不是对倡议的描述",
            "fr": "De la publicité plutôt que la description d'une initiative",
            "hi": "पहल का विवरण नहीं, बल्कि विज्ञापन",
            "ja": "取り組みの説明ではなく広告である",
            "pt": "Publicidade em vez da descrição de uma iniciativa",
            "ru": "Реклама, а не описание инициативы",
            "sw": "Ni tangazo badala ya maelezo ya mpango",
            "es": "Publicidad en lugar de la descripción de una iniciativa",
        },
    ),
]


def add_reasons(apps, schema_editor):
    Reason = apps.get_model("verification", "RejectionReason")
    Label = apps.get_model("verification", "RejectionReasonLabel")
    for order, (code, label, translations) in enumerate(REASONS, start=1):
        reason, created = Reason.objects.get_or_create(
            code=code, defaults={"label": label, "order": order * 10}
        )
        if not created:
            continue
        Label.objects.bulk_create(
            Label(reason=reason, language=language, label=text)
            for language, text in translations.items()
        )


class Migration(migrations.Migration):
    dependencies = [("verification", "0002_level2_queue_appeals_audit")]

    operations = [migrations.RunPython(add_reasons, migrations.RunPython.noop)]
