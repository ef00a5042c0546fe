/**
 * Tasks: persisted tasks with priorities and statuses, analysis and a daily briefing (by a model or by
 * rules), scheduling into an .ics calendar file, and tasks from an IMAP mailbox. The MCP tools tasks_*
 * wrap these; see docs/tasks.md.
 */
export {
  type AddTaskInput, addTaskSchema, CLOSED_STATUSES, compareTasks, DEFAULT_ESTIMATE_MINUTES, describeIssues, isOverdue, type ListTasksInput, listTasksSchema,
  OPEN_STATUSES, overdueTasks, parseInput, prioritize, PRIORITY_RANK, prioritySchema, statusSchema, type Task, TASK_PRIORITIES, TASK_STATUSES, TaskError,
  type TaskOrigin, type TaskPriority, type TaskSource, type TaskStatus, timeZoneSchema, type UpdateTaskInput, updateTaskSchema,
} from './model.js';
export { addTask, completeTask, findTaskBySource, getTask, listTasks, markScheduled, newTaskId, taskFromRow, updateTask, type WriteOptions } from './repo.js';
export { type AnalyzeOptions, analysisPrompt, analyzeTask, type LlmAnalysis, type LlmAnalysisBody, rulesAnalysis, type RulesAnalysis, TAG_KEYWORDS, type TaskAnalysis } from './analyze.js';
export {
  type Briefing, type BriefingFacts, briefingFacts, briefingTasks, briefingText, type BriefItem, dailyBriefing, type LlmBriefing, type RulesBriefing,
} from './briefing.js';
export { type Generate, type LlmCall, parseJsonObject } from './llm.js';
export { calendarUid, type ScheduleOptions, scheduleOptionsSchema, type ScheduleResult, scheduleTask } from './schedule.js';
export {
  DEFAULT_WORKING_HOURS, describeWorkingHours, findFreeSlot, roundUp, SLOT_STEP_MINUTES, type SlotQuery, type WorkingHours, workingHoursSchema, workingMinutesBetween,
} from './slots.js';
export { type BusyBlock, busyIntervals, type Interval, parseDuration } from './ics-busy.js';
export { type ContentLine, emptyCalendar, escapeText, foldLine, formatEvent, icsUtc, type IcsEvent, type NewEvent, parseCalendar, parseContentLine, replaceEvent, unescapeText } from './ics.js';
export {
  analyzeEmail, CATEGORY_KEYWORDS, CATEGORY_PRIORITY, categorizeEmail, dueFromText, EMAIL_CATEGORIES, type EmailAnalysis, type EmailCategory, type EmailMessage,
  REQUEST_PHRASES, requestPhrase,
} from './email-rules.js';
export { type ImapConfig, imapConfigSchema, isLoopback, type SyncedMessage, type SyncResult, type SyncStore, syncEmail, watermarkKey } from './email-sync.js';
export { describeImapError, EmailSyncError, type EmailSyncErrorCode } from './email-errors.js';
export { IMAP_ENV, imapConfigFromEnv, type ImapEnvResult } from './imap-env.js';
export { htmlToText, textPart, type BodyNode } from './mime.js';
export { defaultTimeZone, fromWallClock, isTimeZone, parseIsoInstant, startOfDay, wallClock, type WallClock } from './zoned.js';
