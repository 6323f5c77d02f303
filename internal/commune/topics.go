package commune

// Event topics this package publishes (payloads carry ids, never personal data).
const (
	TopicCommuneCreated   = "commune.created"           // {"id", "code"}
	TopicCommuneUpdated   = "commune.updated"           // {"id"}
	TopicHamletCreated    = "commune.hamlet.created"    // {"id"}
	TopicHamletUpdated    = "commune.hamlet.updated"    // {"id"}
	TopicHouseholdCreated = "commune.household.created" // {"id", "code"}
	TopicHouseholdUpdated = "commune.household.updated" // {"id", "code"}
	TopicResidentAdded    = "commune.resident.added"    // {"id", "household_id"}
	TopicResidentUpdated  = "commune.resident.updated"  // {"id", "household_id"}
	TopicResidentRemoved  = "commune.resident.removed"  // {"id", "household_id"}
	TopicStaffCreated     = "commune.staff.created"     // {"id"}
	TopicStaffUpdated     = "commune.staff.updated"     // {"id"}
	TopicImportApplied    = "commune.import.applied"    // {"id", "households", "residents"}
	TopicDemoSeeded       = "commune.demo.seeded"       // {"id", "households", "residents"}
)
