/**
 * The parameter groups a new emulated outbound skill starts with: every field the PUT schemas
 * know, at a plausible CXone default, so a write that leaves a field out visibly resets it.
 */

export function defaultGeneralSettings(): Record<string, unknown> {
  return {
    abandonRateCutoff: 3,
    abandonRateThreshold: 2,
    aggressiveness: 'conservative',
    beginDampenPercentage: 80,
    blockMultipleCalls: false,
    consecutiveAttemptsWithoutALiveConnect: 10,
    defaultContactExpiration: 10080,
    deliverCallbacksOnDNCHolidays: false,
    deliverPrioritiesOnDNCHolidays: false,
    enableDialingByProficiency: false,
    endOfListNotificationsDelay: 300,
    getPriorityContactsOnContactInsertion: false,
    inactiveBlenderTimer: 60,
    loadCallbacks: true,
    loadFresh: true,
    loadNonFresh: true,
    maxConcurrentCallsPerAgent: 3,
    maxWaitTimeSeconds: 30,
    maximumAttempts: 6,
    maximumRatio: 2,
    maximumRingingDuration: 25,
    minimumRetryMinutes: 60,
    notifyAgentsWhenListIsEmpty: true,
    overrideBusinessUnitAbandonRate: true,
    percentageOfAgentsBeforeOverdial: 50,
    proficiencyFactor: 1,
    waitTimeFactor: 1,
  };
}

export function defaultCpaSettings(): Record<string, unknown> {
  return {
    abandonMessagePath: '',
    abandonMsgMode: 0,
    abandonTimeout: 2,
    agentNoResponseSeconds: 2,
    agentOverrideOptionAnsweringMachine: true,
    agentOverrideOptionBadNumber: true,
    agentOverrideOptionFax: true,
    agentResponseUtteranceMinimumSeconds: 0.5,
    agentVoiceThreshold: 1000,
    ansMachineDetMode: 1,
    ansMachineMsg: '',
    ansMachineOverrideSeconds: 5,
    customerLiveSilenceSeconds: 1,
    customerVoiceThreshold: 1000,
    enableCPALogging: false,
    exceptions: [],
    machineEndSilenceSeconds: 2,
    machineEndTimeoutSeconds: 30,
    machineMinimumWithAgentSeconds: 3,
    machineMinimumWithoutAgentSeconds: 3,
    preConnectCPAEnabled: false,
    preConnectCPARecording: false,
    treatProgressAsRinging: false,
    utteranceMinimumSeconds: 0.3,
  };
}

export function defaultRetrySettings(): Record<string, unknown> {
  return {
    callbackRestMinutes: 30,
    callbackStaleMinutes: 60,
    finalizeWhenExhausted: true,
    generalStaleMinutes: 60,
    loadNonFresh: true,
    maximumAttempts: 6,
    maximumNumberOfCallbacks: 3,
    maximumNumberOfHandledCalls: 3,
    minimumRetryMinutes: 60,
    releaseAgentSpecificCalls: false,
    restrictedCallingMaxAttempts: 0,
    restrictedCallingMinutes: 0,
  };
}

/** Groups the controller never manages, served as the listing has them. */
export function defaultOtherGroups(): Record<string, unknown> {
  return {
    scheduleSettings: { isScheduled: false, schedules: [] },
    xsSettings: { xsGetContactsActive: false },
    timeZoneSettings: [],
    callingLists: [],
  };
}
