-- f0a1b2c3d4e5: Extend SubscriptionStatus and BillingEventType enums.
-- upgrade on SQLite; parents: e9f0a1b2c3d4

-- Nothing to do. Write hand-made SQL (a data migration) here.
