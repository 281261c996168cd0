-- The SQLite schema SQLModel.metadata.create_all made (SQLAlchemy 2.1.9, sqlmodel 0.0.50) from bot/store/models.py as of 27889f6^, the first release: prompt still has intent (NOT NULL), event_id, draft_date. Generated once; never regenerate it.
CREATE TABLE "plan" (
	id INTEGER NOT NULL, 
	"key" VARCHAR NOT NULL, 
	title VARCHAR NOT NULL, 
	number VARCHAR NOT NULL, 
	issued_on DATE, 
	issuer VARCHAR NOT NULL, 
	year INTEGER NOT NULL, 
	source VARCHAR NOT NULL, 
	PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_plan_key ON "plan" ("key");
CREATE TABLE agency (
	id INTEGER NOT NULL, 
	name VARCHAR NOT NULL, 
	"key" VARCHAR NOT NULL, 
	is_group BOOLEAN NOT NULL, 
	successor_id INTEGER, 
	PRIMARY KEY (id), 
	UNIQUE (name), 
	FOREIGN KEY(successor_id) REFERENCES agency (id)
);
CREATE UNIQUE INDEX ix_agency_key ON agency ("key");
CREATE TABLE agencyalias (
	id INTEGER NOT NULL, 
	agency_id INTEGER NOT NULL, 
	alias VARCHAR NOT NULL, 
	"key" VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(agency_id) REFERENCES agency (id)
);
CREATE UNIQUE INDEX ix_agencyalias_key ON agencyalias ("key");
CREATE INDEX ix_agencyalias_agency_id ON agencyalias (agency_id);
CREATE TABLE groupmember (
	group_id INTEGER NOT NULL, 
	member_id INTEGER NOT NULL, 
	PRIMARY KEY (group_id, member_id), 
	FOREIGN KEY(group_id) REFERENCES agency (id), 
	FOREIGN KEY(member_id) REFERENCES agency (id)
);
CREATE TABLE task (
	id INTEGER NOT NULL, 
	plan_id INTEGER NOT NULL, 
	no VARCHAR NOT NULL, 
	code VARCHAR NOT NULL, 
	"group" VARCHAR NOT NULL, 
	content VARCHAR NOT NULL, 
	lead_text VARCHAR NOT NULL, 
	coordinating_text VARCHAR NOT NULL, 
	deadline_text VARCHAR NOT NULL, 
	note VARCHAR NOT NULL, 
	kind VARCHAR, 
	due DATE, 
	start DATE, 
	recurrence VARCHAR, 
	position INTEGER NOT NULL, 
	archived BOOLEAN NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (plan_id, no), 
	FOREIGN KEY(plan_id) REFERENCES "plan" (id)
);
CREATE UNIQUE INDEX ix_task_code ON task (code);
CREATE INDEX ix_task_plan_id ON task (plan_id);
CREATE INDEX ix_task_due ON task (due);
CREATE TABLE contact (
	id INTEGER NOT NULL, 
	platform VARCHAR NOT NULL, 
	user_id VARCHAR NOT NULL, 
	chat_id VARCHAR NOT NULL, 
	display_name VARCHAR NOT NULL, 
	agency_id INTEGER, 
	role VARCHAR NOT NULL, 
	active BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (platform, user_id), 
	FOREIGN KEY(agency_id) REFERENCES agency (id)
);
CREATE INDEX ix_contact_agency_id ON contact (agency_id);
CREATE TABLE assignment (
	id INTEGER NOT NULL, 
	task_id INTEGER NOT NULL, 
	agency_id INTEGER NOT NULL, 
	role VARCHAR NOT NULL, 
	via_group_id INTEGER, 
	position INTEGER NOT NULL, 
	status VARCHAR NOT NULL, 
	note VARCHAR NOT NULL, 
	new_due DATE, 
	updated_at DATETIME, 
	PRIMARY KEY (id), 
	UNIQUE (task_id, agency_id, role), 
	FOREIGN KEY(task_id) REFERENCES task (id), 
	FOREIGN KEY(agency_id) REFERENCES agency (id), 
	FOREIGN KEY(via_group_id) REFERENCES agency (id)
);
CREATE INDEX ix_assignment_agency_id ON assignment (agency_id);
CREATE INDEX ix_assignment_task_id ON assignment (task_id);
CREATE INDEX ix_assignment_status ON assignment (status);
CREATE TABLE invite (
	id INTEGER NOT NULL, 
	code_hash VARCHAR NOT NULL, 
	agency_id INTEGER, 
	role VARCHAR NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	used_at DATETIME, 
	used_by INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(agency_id) REFERENCES agency (id), 
	FOREIGN KEY(used_by) REFERENCES contact (id)
);
CREATE UNIQUE INDEX ix_invite_code_hash ON invite (code_hash);
CREATE TABLE statusevent (
	id INTEGER NOT NULL, 
	assignment_id INTEGER NOT NULL, 
	status VARCHAR NOT NULL, 
	note VARCHAR NOT NULL, 
	new_due DATE, 
	contact_id INTEGER, 
	channel VARCHAR NOT NULL, 
	at DATETIME NOT NULL, 
	reverts_id INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(assignment_id) REFERENCES assignment (id), 
	FOREIGN KEY(contact_id) REFERENCES contact (id), 
	FOREIGN KEY(reverts_id) REFERENCES statusevent (id)
);
CREATE INDEX ix_statusevent_at ON statusevent (at);
CREATE INDEX ix_statusevent_assignment_id ON statusevent (assignment_id);
CREATE TABLE reminder (
	id INTEGER NOT NULL, 
	"key" VARCHAR NOT NULL, 
	kind VARCHAR NOT NULL, 
	assignment_id INTEGER, 
	contact_id INTEGER, 
	slot_at DATETIME NOT NULL, 
	claimed_at DATETIME NOT NULL, 
	claimed_by VARCHAR NOT NULL, 
	sent_at DATETIME, 
	attempts INTEGER NOT NULL, 
	last_error VARCHAR NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(assignment_id) REFERENCES assignment (id), 
	FOREIGN KEY(contact_id) REFERENCES contact (id)
);
CREATE UNIQUE INDEX ix_reminder_key ON reminder ("key");
CREATE INDEX ix_reminder_assignment_id ON reminder (assignment_id);
CREATE INDEX ix_reminder_contact_id ON reminder (contact_id);
CREATE INDEX ix_reminder_sent_at ON reminder (sent_at);
CREATE TABLE prompt (
	contact_id INTEGER NOT NULL, 
	action VARCHAR NOT NULL, 
	codes VARCHAR NOT NULL, 
	intent VARCHAR NOT NULL, 
	event_id INTEGER, 
	draft_date DATE, 
	draft_text VARCHAR NOT NULL, 
	expires_at DATETIME NOT NULL, 
	PRIMARY KEY (contact_id), 
	FOREIGN KEY(contact_id) REFERENCES contact (id), 
	FOREIGN KEY(event_id) REFERENCES statusevent (id)
);
