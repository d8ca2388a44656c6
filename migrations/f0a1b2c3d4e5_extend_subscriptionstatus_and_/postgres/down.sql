-- f0a1b2c3d4e5: Extend SubscriptionStatus and BillingEventType enums.
-- downgrade on PostgreSQL; parents: e9f0a1b2c3d4

-- Enum BillingEventType: labels removed or reordered; swap the type
ALTER TYPE billingeventtype RENAME TO billingeventtype_old;

CREATE TYPE billingeventtype AS ENUM ('trial_started', 'trial_converted', 'trial_expired', 'subscription_created', 'subscription_upgraded', 'subscription_downgraded', 'subscription_canceled', 'subscription_churned', 'payment_failed', 'payment_recovered');

ALTER TABLE billing_events ALTER COLUMN event_type TYPE billingeventtype USING event_type::text::billingeventtype;

DROP TYPE billingeventtype_old;

-- Enum SubscriptionStatus: labels removed or reordered; swap the type
ALTER TYPE subscriptionstatus RENAME TO subscriptionstatus_old;

CREATE TYPE subscriptionstatus AS ENUM ('active', 'past_due', 'canceled', 'trialing');

ALTER TABLE subscriptions ALTER COLUMN status TYPE subscriptionstatus USING status::text::subscriptionstatus;

DROP TYPE subscriptionstatus_old;
