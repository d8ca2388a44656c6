DROP INDEX ix_subscriptions_stripe_subscription_id;

DROP INDEX ix_subscriptions_stripe_customer_id;

DROP INDEX ix_subscriptions_user_id;

DROP INDEX ix_subscriptions_id;

DROP TABLE subscriptions;

UPDATE alembic_version SET version_num='c4d5e6f7a8b9' WHERE alembic_version.version_num = 'd5e6f7a8b9c0';

