/**
 * Service and satisfaction: service interactions, the two-factor catalogue of satisfaction and
 * dissatisfaction factors, the four temperaments and their playbooks, the four service levels, the
 * peak-end {@link dev.care.core.satisfaction.SatisfactionIndex}, and the survey figures used for
 * risk and impact estimates.
 */
package dev.care.core.satisfaction;
