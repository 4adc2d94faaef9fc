"""Which content texts are translated (django-modeltranslation): see TRANSLATED_TEXTS."""

from modeltranslation.translator import TranslationOptions, translator

from . import models

for model_name, texts in models.TRANSLATED_TEXTS.items():
    translator.register(getattr(models, model_name), type(f"{model_name}Texts", (TranslationOptions,), {"fields": texts}))
