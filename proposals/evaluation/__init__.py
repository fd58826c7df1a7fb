"""民主评议 (the yearly evaluation of handling units) and the yearly awards (优秀提案, 优秀承办单位): a sub-domain
of proposals with its own layers — enums, models (app "proposals", imported by proposals.models), metrics
(the reads), services, forms, views and urls, api, admin, demo. Nothing is imported here, so that
proposals.models can load evaluation.models without a circle."""
