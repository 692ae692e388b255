"""Raw personal data under the AVG: a private store, the bewaartermijn, the verwerkingsregister."""
